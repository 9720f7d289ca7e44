// RETENTION_UNUSED_HOURS for stored conversations: those without a visitor message (stored by a
// graceful stop or an older version) are deleted once older than the cutoff, read once each,
// hourly, from where the last complete pass ended.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConversationEvent } from '../../../src/conversation/events.js';
import { fold } from '../../../src/conversation/state.js';
import { HOUR_MS, purgeUnused, startUnusedRetentionTimer, unusedCutoff } from '../../../src/lifecycle/retention.js';
import type { ConversationStore, PurgeCursor } from '../../../src/storage/port.js';
import { openSqliteStorage } from '../../../src/storage/sqlite/index.js';

type UnusedConversationPurge = Pick<ConversationStore, 'purgeUnusedBefore'>;
import { fixedClock } from '../../helpers/deterministic.js';
import { buildTestApp } from '../../helpers/test-app.js';

const opening: ConversationEvent[] = [
  { type: 'conversation_started', locale: 'en', page: null, verifiedUserId: null },
  { type: 'bot_said', messageId: 'g', text: 'Hi! How can I help?', replyKey: 'greeting', quickReplies: [], inReplyTo: null },
];
const spoken: ConversationEvent[] = [...opening, { type: 'user_said', messageId: 'u', text: 'hello', clientMessageId: null, secrets: [] }];
const at = (hour: number) => new Date(Date.UTC(2026, 0, 1, hour)).toISOString();

function silentLog() {
  const lines: { msg: string; obj: Record<string, unknown> }[] = [];
  const write = (obj: Record<string, unknown>, msg: string) => lines.push({ msg, obj });
  return { log: { info: write, warn: write, error: write, debug: write } as unknown as Parameters<typeof startUnusedRetentionTimer>[0]['log'], lines };
}

async function storeWith(conversations: { id: string; at: string; events: ConversationEvent[] }[]) {
  const storage = openSqliteStorage({ path: ':memory:' });
  const store = storage.conversations;
  for (const c of conversations) await store.create({ id: c.id, tokenHash: Buffer.alloc(32), at: c.at, events: c.events, state: fold(c.events) });
  /** The ids still stored, of those created here. */
  const ids = async () => {
    const left = await Promise.all(conversations.map(async (c) => ((await store.get(c.id)) ? [c.id] : [])));
    return left.flat().sort();
  };
  return { store, ids };
}

describe('purging unused conversations', () => {
  it('deletes those without a visitor message older than the cutoff, with their events; keeps spoken and recent ones', async () => {
    const { store, ids } = await storeWith([
      { id: 'unused-old', at: at(0), events: opening },
      { id: 'spoken-old', at: at(0), events: spoken },
      { id: 'unused-new', at: at(30), events: opening },
    ]);
    assert.deepEqual(await purgeUnused(store, at(24)), { purged: 1, complete: true });
    assert.deepEqual(await ids(), ['spoken-old', 'unused-new']);
    assert.deepEqual(await store.events('unused-old'), []);
    assert.equal(await store.get('unused-old'), undefined);
  });

  it('reads every row before the cutoff once, in steps, even when many share a time', async () => {
    const rows = Array.from({ length: 23 }, (_, i) => ({ id: `c-${String(i).padStart(2, '0')}`, at: at(i < 12 ? 1 : 2), events: i % 3 === 0 ? opening : spoken }));
    const { store, ids } = await storeWith([...rows, { id: 'z-recent', at: at(40), events: opening }]);
    const scanned: (PurgeCursor | null)[] = [];
    const counting: UnusedConversationPurge = {
      purgeUnusedBefore: (cutoff, from, scan) => {
        scanned.push(from);
        return store.purgeUnusedBefore(cutoff, from, scan);
      },
    };
    const result = await purgeUnused(counting, at(24), { scan: 5 });
    assert.deepEqual(result, { purged: 8, complete: true });
    assert.equal(scanned.length, 5, '23 rows in steps of 5');
    assert.deepEqual(await ids(), [...rows.filter((_, i) => i % 3 !== 0).map((r) => r.id), 'z-recent']);
    // A second pass from the start finds nothing more.
    assert.deepEqual(await purgeUnused(store, at(24), { scan: 5 }), { purged: 0, complete: true });
  });

  it('stops between steps once its signal is aborted', async () => {
    const { store } = await storeWith(Array.from({ length: 10 }, (_, i) => ({ id: `c-${i}`, at: at(1), events: opening })));
    const stop = new AbortController();
    let steps = 0;
    const aborting: UnusedConversationPurge = {
      purgeUnusedBefore: (cutoff, from, scan) => {
        if (++steps === 2) stop.abort();
        return store.purgeUnusedBefore(cutoff, from, scan);
      },
    };
    assert.deepEqual(await purgeUnused(aborting, at(24), { scan: 3, signal: stop.signal }), { purged: 6, complete: false });
    await assert.rejects(store.purgeUnusedBefore(at(24), null, 0), RangeError);
  });
});

describe('the unused-conversations schedule', () => {
  it('runs a minute after start, then hourly; each complete pass reads on from the last cutoff', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
    const clock = fixedClock('2026-11-22T10:00:00.000Z');
    const calls: [string, PurgeCursor | null][] = [];
    const counts: number[] = [];
    const { log, lines } = silentLog();
    const stop = startUnusedRetentionTimer({
      store: { purgeUnusedBefore: async (cutoff, from) => (calls.push([cutoff, from]), { purged: 1, next: null }) },
      hours: 24, clock, log, onPurged: (n) => counts.push(n),
    });
    t.mock.timers.tick(59_999);
    assert.deepEqual(calls, []);
    t.mock.timers.tick(1);
    await new Promise((resolve) => setImmediate(resolve));
    clock.advance(HOUR_MS);
    t.mock.timers.tick(HOUR_MS);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(calls, [
      ['2026-11-21T10:00:00.000Z', null],
      ['2026-11-21T11:00:00.000Z', { updatedAt: '2026-11-21T10:00:00.000Z', key: '' }],
    ]);
    assert.deepEqual(counts, [1, 1]);
    assert.deepEqual(lines.map((l) => [l.msg, l.obj.purged, l.obj.cutoff]), [
      ['unused conversations purge', 1, '2026-11-21T10:00:00.000Z'],
      ['unused conversations purge', 1, '2026-11-21T11:00:00.000Z'],
    ]);
    stop();
    t.mock.timers.tick(5 * HOUR_MS);
    assert.equal(calls.length, 2);
  });

  it('a failed pass is logged and the next one reads again from where the last complete one ended', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
    const calls: (PurgeCursor | null)[] = [];
    const { log, lines } = silentLog();
    const stop = startUnusedRetentionTimer({
      store: { purgeUnusedBefore: async (_cutoff, from) => {
        calls.push(from);
        if (calls.length === 1) throw new Error('SQLITE_BUSY');
        return { purged: 0, next: null };
      } },
      hours: 1, clock: fixedClock(), log, firstRunMs: 10, intervalMs: 100,
    });
    t.mock.timers.tick(10);
    await new Promise((resolve) => setImmediate(resolve));
    t.mock.timers.tick(100);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(calls, [null, null]);
    assert.deepEqual(lines.map((l) => l.msg), ['unused conversations purge failed', 'unused conversations purge']);
    stop();
  });

  it('cuts off at now minus the hours', () => {
    assert.equal(unusedCutoff(new Date('2026-11-22T10:00:00.000Z'), 24), '2026-11-21T10:00:00.000Z');
  });
});

describe('unused retention in the app', () => {
  it('buildApp purges a stored conversation nobody spoke in once RETENTION_UNUSED_HOURS have passed, and counts it', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
    const { app, deps, clock } = await buildTestApp(t);
    // As a graceful stop or an older version of Parley leaves it: stored with its greeting only.
    const store = deps.storage.conversations;
    await store.create({ id: 'unused', tokenHash: Buffer.alloc(32), at: clock().toISOString(), events: opening, state: fold(opening) });
    await store.create({ id: 'spoken', tokenHash: Buffer.alloc(32), at: clock().toISOString(), events: spoken, state: fold(spoken) });
    clock.advance(25 * HOUR_MS);
    t.mock.timers.tick(60_000);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(await store.get('unused'), undefined);
    assert.ok(await store.get('spoken'));
    const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    assert.match(text, /^parley_conversations_purged_total\{reason="unused"\} 1$/m);
  });
});
