// Issue 18 §4, storage growth by anonymous visitors: opening a conversation stores nothing until
// the visitor says something; a restart in between gives the usual 401; one address opens a bounded
// number per hour (429 + Retry-After); an opened conversation nobody spoke in is dropped after
// RETENTION_UNUSED_HOURS; each has a metric.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { HOUR_MS } from '../../src/lifecycle/retention.js';
import type { Storage } from '../../src/storage/port.js';
import { tempDatabasePath } from '../helpers/server-process.js';
import { buildTestApp } from '../helpers/test-app.js';

const json = { 'content-type': 'application/json' };

async function open(app: FastifyInstance, remoteAddress = '127.0.0.1') {
  const res = await app.inject({ method: 'POST', url: '/v1/conversations', headers: json, payload: { metadata: { page: '/help/orders' } }, remoteAddress });
  assert.equal(res.statusCode, 201, res.body);
  const body = res.json() as { conversation: { id: string }; token: string; messages: { id: string; from: string; text: string; createdAt: string }[]; state: Record<string, unknown> };
  return { ...body, id: body.conversation.id, auth: { ...json, authorization: `Bearer ${body.token}` } };
}

const say = (app: FastifyInstance, c: { id: string; auth: Record<string, string> }, text: string, clientMessageId?: string) =>
  app.inject({ method: 'POST', url: `/v1/conversations/${c.id}/messages`, headers: c.auth, payload: { text, ...(clientMessageId ? { clientMessageId } : {}) } });

/** How many of these conversations are stored (the adapter itself: held ones are not). */
const stored = async (storage: Storage, ...ids: string[]) =>
  (await Promise.all(ids.map((id) => storage.conversations.get(id)))).filter(Boolean).length;

async function metric(app: FastifyInstance, series: string): Promise<number> {
  const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  assert.ok(line, `no ${series} in /metrics`);
  return Number(line.slice(series.length + 1));
}

describe('opening a conversation stores nothing until the visitor says something', () => {
  it('answers 201 with the greeting, serves it to GET, and writes no row', async (t) => {
    const { app, deps } = await buildTestApp(t);
    const c = await open(app);
    assert.equal(c.messages.length, 1);
    assert.equal(await stored(deps.storage, c.id), 0);
    assert.deepEqual(await deps.storage.conversations.events(c.id), []);
    const read = await app.inject({ method: 'GET', url: `/v1/conversations/${c.id}`, headers: c.auth });
    assert.equal(read.statusCode, 200);
    assert.deepEqual(read.json().messages, c.messages);
    assert.deepEqual(read.json().conversation, { id: c.id, status: 'active' });
    // A wrong token for a held conversation is the same 401 as for any other.
    const wrong = await app.inject({ method: 'GET', url: `/v1/conversations/${c.id}`, headers: { authorization: 'Bearer pv_wrong' } });
    assert.equal(wrong.statusCode, 401);
    assert.equal(wrong.json().error.code, 'unauthorized');
    assert.equal(await metric(app, 'parley_conversations_held'), 1);
    assert.equal(await metric(app, 'parley_conversations_opened_total'), 1);
  });

  it('stores it with its first message: the opening (at the time it opened) and the turn, in one write', async (t) => {
    const { app, deps, clock } = await buildTestApp(t);
    const c = await open(app);
    clock.advance(5 * 60_000);
    const res = await say(app, c, 'hello there');
    assert.equal(res.statusCode, 200);
    // The opening (the greeting) and the turn, written in one transaction with the row.
    const events = await deps.storage.conversations.events(c.id);
    assert.deepEqual(events.slice(0, 3).map((e) => [e.type, e.at]), [
      ['conversation_started', c.messages[0]?.createdAt], ['bot_said', c.messages[0]?.createdAt], ['user_said', clock().toISOString()],
    ]);
    const row = (await deps.storage.conversations.get(c.id)) ?? assert.fail('not stored');
    assert.equal(row.tokenHash.length, 32);
    assert.ok(!row.tokenHash.toString('latin1').includes(c.token), 'only a hash of the token');
    assert.equal(row.createdAt, c.messages[0]?.createdAt);
    assert.ok(row.updatedAt > row.createdAt);
    const read = (await app.inject({ method: 'GET', url: `/v1/conversations/${c.id}`, headers: c.auth })).json() as { messages: { id: string; createdAt: string; from: string }[] };
    assert.deepEqual(read.messages[0], c.messages[0], 'the greeting keeps its id and time');
    assert.deepEqual(read.messages.map((m) => m.from), ['bot', 'user', 'bot']);
    assert.equal(await metric(app, 'parley_conversations_held'), 0);
    // And later messages append to the stored conversation.
    assert.equal((await say(app, c, 'thanks')).statusCode, 200);
    assert.equal((await deps.storage.conversations.events(c.id, { types: ['user_said'] })).length, 2);
  });

  it('serialises two different first messages sent at once: one row, both messages, in order', async (t) => {
    const { app, deps } = await buildTestApp(t);
    const c = await open(app);
    const [a, b] = await Promise.all([say(app, c, 'hello', 'one'), say(app, c, 'thanks', 'two')]);
    assert.equal(a.statusCode, 200, a.body);
    assert.equal(b.statusCode, 200, b.body);
    assert.equal(await stored(deps.storage, c.id), 1);
    const events = await deps.storage.conversations.events(c.id);
    assert.deepEqual(events.map((e) => e.seq), events.map((_, i) => i + 1));
    assert.deepEqual(events.filter((e) => e.type === 'user_said').map((e) => (e.type === 'user_said' ? e.text : '')), ['hello', 'thanks']);
  });

  it('a restart (crash) between opening and the first message: the usual 401, nothing stored, nothing crashes', async (t) => {
    const databasePath = tempDatabasePath();
    const before = await buildTestApp(t, { databasePath });
    const c = await open(before.app);
    // Another process on the same file, as after a crash: the first one never stopped cleanly.
    const after = await buildTestApp(t, { databasePath });
    for (const res of [
      await say(after.app, c, 'hello'),
      await after.app.inject({ method: 'GET', url: `/v1/conversations/${c.id}`, headers: c.auth }),
      await after.app.inject({ method: 'GET', url: `/v1/conversations/${c.id}/events?token=${c.token}` }),
    ]) {
      assert.equal(res.statusCode, 401, res.body);
      assert.deepEqual(res.json(), { error: { code: 'unauthorized', message: 'missing or invalid credentials' } });
    }
    assert.equal(await stored(after.deps.storage, c.id), 0);
    assert.doesNotMatch(after.logs(), /"level":50/, 'no server error');
  });

  it('a graceful stop stores what is held, so the visitor can still speak after the restart', async (t) => {
    const databasePath = tempDatabasePath();
    const before = await buildTestApp(t, { databasePath });
    const c = await open(before.app);
    await before.app.close();
    assert.match(before.logs(), /"stored":1,"msg":"held conversations stored at shutdown"/);
    const after = await buildTestApp(t, { databasePath });
    const res = await say(after.app, c, 'hello');
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual((await after.deps.storage.conversations.events(c.id)).map((e) => e.type).slice(0, 3), ['conversation_started', 'bot_said', 'user_said']);
  });

  it('drops an opened conversation nobody spoke in after RETENTION_UNUSED_HOURS (default 24)', async (t) => {
    const { app, deps, clock } = await buildTestApp(t);
    const kept = await open(app);
    clock.advance(23 * HOUR_MS);
    assert.equal((await app.inject({ method: 'GET', url: `/v1/conversations/${kept.id}`, headers: kept.auth })).statusCode, 200);
    const late = await open(app);
    clock.advance(HOUR_MS);
    assert.equal((await say(app, kept, 'hello')).statusCode, 401, 'expired: the widget starts a new conversation');
    assert.equal((await say(app, late, 'hello')).statusCode, 200);
    assert.equal(await metric(app, 'parley_held_conversations_dropped_total{reason="expired"}'), 1);
    assert.equal(await stored(deps.storage, kept.id), 0);
    assert.equal(await stored(deps.storage, late.id), 1);
  });

  it('takes the hours from RETENTION_UNUSED_HOURS', async (t) => {
    const { app, clock } = await buildTestApp(t, { env: { RETENTION_UNUSED_HOURS: '2' } });
    const c = await open(app);
    clock.advance(2 * HOUR_MS);
    assert.equal((await say(app, c, 'hello')).statusCode, 401);
  });
});

describe('conversations opened per address per hour', () => {
  it('refuses the 61st in an hour with 429, the error shape and Retry-After; other addresses are not affected', async (t) => {
    const { app, deps, clock } = await buildTestApp(t);
    const opened: string[] = [];
    for (let i = 0; i < 60; i++) opened.push((await open(app, '203.0.113.7')).id);
    clock.advance(10 * 60_000);
    const refused = await app.inject({ method: 'POST', url: '/v1/conversations', remoteAddress: '203.0.113.7' });
    assert.equal(refused.statusCode, 429);
    assert.equal(refused.headers['retry-after'], String(50 * 60));
    const body = refused.json() as { error: { code: string; message: string } };
    assert.deepEqual(Object.keys(body), ['error']);
    assert.equal(body.error.code, 'rate_limited');
    assert.match(body.error.message, /try again in 50 minutes/);
    opened.push((await open(app, '198.51.100.20')).id);
    assert.equal(await metric(app, 'parley_conversation_opens_refused_total'), 1);
    assert.equal(await metric(app, 'parley_conversations_opened_total'), 61);
    // The hour after the first open, the address may open again.
    clock.advance(50 * 60_000);
    opened.push((await open(app, '203.0.113.7')).id);
    assert.equal(await stored(deps.storage, ...opened), 0, 'and none of them was stored');
  });

  it('counts an IPv6 address as its /64', async (t) => {
    const { app } = await buildTestApp(t, { env: { RATE_LIMIT_CONVERSATIONS_PER_IP_PER_HOUR: '2' } });
    await open(app, '2001:db8:1:2::1');
    await open(app, '2001:db8:1:2:ffff:0:0:9');
    const refused = await app.inject({ method: 'POST', url: '/v1/conversations', remoteAddress: '2001:db8:1:2:abcd::77' });
    assert.equal(refused.statusCode, 429);
    await open(app, '2001:db8:1:3::1');
  });

  it('is off with RATE_LIMIT_CONVERSATIONS_PER_IP_PER_HOUR=0, and by default when per-address limits are (RATE_LIMIT_PER_IP_PER_MINUTE=0)', async (t) => {
    for (const env of [{ RATE_LIMIT_CONVERSATIONS_PER_IP_PER_HOUR: '0' }, { RATE_LIMIT_PER_IP_PER_MINUTE: '0' }] as Record<string, string>[]) {
      const { app } = await buildTestApp(t, { env });
      for (let i = 0; i < 65; i++) await open(app);
    }
    const { app } = await buildTestApp(t, { env: { RATE_LIMIT_PER_IP_PER_MINUTE: '0', RATE_LIMIT_CONVERSATIONS_PER_IP_PER_HOUR: '1' } });
    await open(app);
    assert.equal((await app.inject({ method: 'POST', url: '/v1/conversations' })).statusCode, 429);
  });
});
