// Retention (RETENTION_DAYS): the purge pass with a stepped clock, what goes with a conversation
// (events, turn replies, handoffs), and the daily schedule with mocked timers.
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { initialState } from '../../../src/conversation/state.js';
import { DAY_MS, purgeExpired, purgeIdle, retentionCutoff, startRetentionTimer } from '../../../src/lifecycle/retention.js';
import { openSqliteStorage } from '../../../src/storage/sqlite/index.js';
import { fixedClock } from '../../helpers/deterministic.js';
import { buildTestApp } from '../../helpers/test-app.js';

function captureLog() {
  const lines: { msg: string; obj: Record<string, unknown> }[] = [];
  const log = {
    info: (obj: Record<string, unknown>, msg: string) => lines.push({ msg, obj }),
    warn: (obj: Record<string, unknown>, msg: string) => lines.push({ msg, obj }),
    error: (obj: Record<string, unknown>, msg: string) => lines.push({ msg, obj }),
    debug: (obj: Record<string, unknown>, msg: string) => lines.push({ msg, obj }),
  };
  return { log: log as unknown as Parameters<typeof purgeExpired>[0]['log'], lines };
}

/** A real app on one database: conversations made through the API at a stepped time. */
async function world(t: TestContext) {
  const testApp = await buildTestApp(t);
  const json = { 'content-type': 'application/json' };
  const talk = async (text: string) => {
    const opened = (await testApp.app.inject({ method: 'POST', url: '/v1/conversations' })).json() as { conversation: { id: string }; token: string };
    const id = opened.conversation.id;
    const res = await testApp.app.inject({ method: 'POST', url: `/v1/conversations/${id}/messages`, headers: { ...json, authorization: `Bearer ${opened.token}` }, payload: { text, clientMessageId: `m-${id}` } });
    assert.equal(res.statusCode, 200);
    return id;
  };
  const { conversations, handoffs } = testApp.deps.storage;
  /** What is stored of a conversation `talk` made: its events, its one turn reply, its open handoff. */
  const kept = async (id: string) => ({
    events: (await conversations.events(id)).length,
    turnReply: (await conversations.turnReply(id, `m-${id}`)) !== undefined,
    handoff: (await handoffs.openFor(id))?.id,
  });
  return { ...testApp, talk, kept };
}

describe('retention purge', () => {
  it('cuts off at now minus the retention days', () => {
    assert.equal(retentionCutoff(new Date('2026-11-22T10:00:00.000Z'), 30), '2026-10-23T10:00:00.000Z');
  });

  it('deletes conversations idle longer than the retention, with their events, turn replies and handoffs; keeps the rest', async (t) => {
    const w = await world(t);
    const old = await w.talk('I want to talk to a person');
    const before = await w.kept(old);
    assert.ok(before.handoff, 'the old conversation has a handoff');
    assert.equal(before.turnReply, true);
    w.clock.advance(20 * DAY_MS);
    const recent = await w.talk('hello');
    w.clock.advance(11 * DAY_MS); // old: 31 days idle, recent: 11
    const { log, lines } = captureLog();
    const store = w.deps.storage.conversations;
    const purged = await purgeExpired({ store, days: 30, clock: w.clock, log });
    assert.equal(purged, 1);
    assert.equal(await store.get(old), undefined);
    assert.deepEqual(await w.kept(old), { events: 0, turnReply: false, handoff: undefined });
    assert.equal(await w.deps.storage.handoffs.get(before.handoff), undefined, 'the handoff row is gone too');
    assert.ok(await store.get(recent));
    assert.ok((await w.kept(recent)).events > 0);
    assert.deepEqual(lines.map((l) => [l.msg, l.obj.purged]), [['retention purge', 1]]);
    // Nothing else is old enough yet; a day later neither, twenty days later the recent one goes too.
    assert.equal(await purgeExpired({ store, days: 30, clock: w.clock, log }), 0);
    w.clock.advance(20 * DAY_MS);
    assert.equal(await purgeExpired({ store, days: 30, clock: w.clock, log }), 1);
  });

  it('a conversation active again is not purged, however old it is', async (t) => {
    const w = await world(t);
    const opened = (await w.app.inject({ method: 'POST', url: '/v1/conversations' })).json() as { conversation: { id: string }; token: string };
    const say = (text: string) => w.app.inject({ method: 'POST', url: `/v1/conversations/${opened.conversation.id}/messages`, headers: { 'content-type': 'application/json', authorization: `Bearer ${opened.token}` }, payload: { text } });
    assert.equal((await say('hello')).statusCode, 200);
    w.clock.advance(29 * DAY_MS);
    const res = await say('still there?');
    assert.equal(res.statusCode, 200);
    w.clock.advance(2 * DAY_MS);
    assert.equal(await purgeExpired({ store: w.deps.storage.conversations, days: 30, clock: w.clock, log: captureLog().log }), 0);
  });
});

describe('purgeIdle', () => {
  it('deletes in batches, oldest first, one transaction each, yielding to the event loop between them', async () => {
    const storage = openSqliteStorage({ path: ':memory:' });
    const store = storage.conversations;
    const at = (day: number) => new Date(Date.UTC(2026, 0, 1 + day)).toISOString();
    for (let i = 0; i < 250; i++) await store.create({ id: `old-${i}`, tokenHash: Buffer.alloc(32), at: at(i % 30), events: [], state: initialState });
    await store.create({ id: 'recent', tokenHash: Buffer.alloc(32), at: at(200), events: [], state: initialState });
    const batches: number[] = [];
    let ticksBetween = 0;
    const counting = { purgeIdleSince: async (cutoff: string, limit?: number) => {
      const deleted = await store.purgeIdleSince(cutoff, limit);
      batches.push(deleted);
      return deleted;
    } };
    const ticking = setInterval(() => ticksBetween++, 0);
    const purged = await purgeIdle(counting, at(100), { batch: 100 });
    clearInterval(ticking);
    assert.equal(purged, 250);
    assert.deepEqual(batches, [100, 100, 50]);
    assert.ok(ticksBetween >= 1, 'the event loop ran between batches');
    assert.ok(await store.get('recent'));
    assert.equal(await store.get('old-0'), undefined);
    await storage.close();
  });

  it('stops between batches once its signal is aborted, and refuses a batch under 1', async () => {
    let calls = 0;
    const stop = new AbortController();
    const always100 = { purgeIdleSince: async () => {
      calls++;
      if (calls === 2) stop.abort(); // the app closing while the second batch runs
      return 100;
    } };
    assert.equal(await purgeIdle(always100, '2026-01-01T00:00:00.000Z', { batch: 100, signal: stop.signal }), 200);
    assert.equal(calls, 2);
    await assert.rejects(purgeIdle(always100, '2026-01-01T00:00:00.000Z', { batch: 0 }), RangeError);
  });

  it('takes the oldest first when it stops at a batch', async () => {
    const storage = openSqliteStorage({ path: ':memory:' });
    const store = storage.conversations;
    await store.create({ id: 'newer', tokenHash: Buffer.alloc(32), at: '2026-02-01T00:00:00.000Z', events: [], state: initialState });
    await store.create({ id: 'older', tokenHash: Buffer.alloc(32), at: '2026-01-01T00:00:00.000Z', events: [], state: initialState });
    assert.equal(await store.purgeIdleSince('2026-03-01T00:00:00.000Z', 1), 1);
    assert.equal(await store.get('older'), undefined);
    assert.ok(await store.get('newer'));
    await storage.close();
  });
});

describe('retention schedule', () => {
  it('does nothing with RETENTION_DAYS=0', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
    let calls = 0;
    const stop = startRetentionTimer({ store: { purgeIdleSince: async () => ++calls }, days: 0, clock: fixedClock(), log: captureLog().log });
    t.mock.timers.tick(10 * DAY_MS);
    assert.equal(calls, 0);
    stop();
  });

  it('runs a minute after start, then daily, with the cutoff from the injected clock; stop ends it', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
    const clock = fixedClock('2026-11-22T10:00:00.000Z');
    const cutoffs: string[] = [];
    const { log, lines } = captureLog();
    const stop = startRetentionTimer({ store: { purgeIdleSince: async (cutoff) => (cutoffs.push(cutoff), 2) }, days: 7, clock, log });
    t.mock.timers.tick(59_999);
    assert.deepEqual(cutoffs, []);
    t.mock.timers.tick(1);
    assert.deepEqual(cutoffs, ['2026-11-15T10:00:00.000Z']);
    clock.advance(DAY_MS);
    t.mock.timers.tick(DAY_MS);
    assert.deepEqual(cutoffs, ['2026-11-15T10:00:00.000Z', '2026-11-16T10:00:00.000Z']);
    await new Promise((resolve) => setImmediate(resolve)); // each pass logs once its batches are done
    assert.deepEqual(lines.map((l) => l.obj.purged), [2, 2]);
    stop();
    t.mock.timers.tick(5 * DAY_MS);
    assert.equal(cutoffs.length, 2);
  });

  it('a failing pass is logged and the next one still runs', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
    let calls = 0;
    const { log, lines } = captureLog();
    const stop = startRetentionTimer({
      store: { purgeIdleSince: async () => { calls++; if (calls === 1) throw new Error('SQLITE_BUSY'); return 0; } },
      days: 1, clock: fixedClock(), log, firstRunMs: 10, intervalMs: 100,
    });
    t.mock.timers.tick(10);
    await new Promise((resolve) => setImmediate(resolve));
    t.mock.timers.tick(100);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(calls, 2);
    assert.deepEqual(lines.map((l) => l.msg), ['retention purge failed', 'retention purge']);
    stop();
  });

});

describe('retention in the app', () => {
  it('buildApp runs the schedule when RETENTION_DAYS is set, and logs how many it purged', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
    const testApp = await buildTestApp(t, { env: { RETENTION_DAYS: '30' } });
    const opened = (await testApp.app.inject({ method: 'POST', url: '/v1/conversations' })).json() as { conversation: { id: string }; token: string };
    await testApp.app.inject({ method: 'POST', url: `/v1/conversations/${opened.conversation.id}/messages`, headers: { 'content-type': 'application/json', authorization: `Bearer ${opened.token}` }, payload: { text: 'hello' } });
    testApp.clock.advance(31 * DAY_MS);
    t.mock.timers.tick(60_000);
    await new Promise((resolve) => setImmediate(resolve));
    const line = testApp.logs().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'retention purge');
    assert.equal(line?.purged, 1);
    assert.equal(line?.component, 'retention');
    assert.equal(line?.cutoff, '2026-11-23T10:00:00.000Z'); // 31 days on, minus 30
  });
});
