// Two instances on one PostgreSQL database (docs/operations.md "Several instances on PostgreSQL"):
// two apps, each with its own pool and notification connection, behave as one service. That
// migrations run once when instances start together is tested with the adapter
// (test/storage/postgres.test.ts); a SIGKILL under load, with real processes, in
// test/durability/instances.test.ts. Skipped, saying why, without PARLEY_TEST_DATABASE_URL.
import assert from 'node:assert/strict';
import { after, describe, it, test, type TestContext } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createOwnershipLimiter, MAX_OWNERSHIP_FAILURES } from '../../src/orders/ownership.js';
import { createTestDatabase, dropAll, postgresSkipReason } from '../helpers/postgres.js';
import { takeEvents, type SseEvent } from '../helpers/sse.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

interface Message { id: string; from: string; text: string }
interface Opened { id: string; token: string }

async function twoInstances(t: TestContext): Promise<[TestApp, TestApp]> {
  const db = await createTestDatabase();
  const env = { RATE_LIMIT_PER_CONVERSATION_PER_MINUTE: '0', RATE_LIMIT_PER_IP_PER_MINUTE: '0' };
  // Started together on the empty database: each migrates (once between them) before it serves.
  return Promise.all([buildTestApp(t, { databaseUrl: db.url, env }), buildTestApp(t, { databaseUrl: db.url, env })]);
}

async function open(app: FastifyInstance): Promise<Opened> {
  const res = await app.inject({ method: 'POST', url: '/v1/conversations' });
  assert.equal(res.statusCode, 201, res.body);
  const body = res.json() as { conversation: { id: string }; token: string };
  return { id: body.conversation.id, token: body.token };
}

const say = (app: FastifyInstance, c: Opened, text: string, clientMessageId?: string) => app.inject({
  method: 'POST', url: `/v1/conversations/${c.id}/messages`,
  headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json' },
  payload: { text, ...(clientMessageId ? { clientMessageId } : {}) },
});

async function transcript(app: FastifyInstance, c: Opened): Promise<Message[]> {
  const res = await app.inject({ method: 'GET', url: `/v1/conversations/${c.id}`, headers: { authorization: `Bearer ${c.token}` } });
  assert.equal(res.statusCode, 200, res.body);
  return (res.json() as { messages: Message[] }).messages;
}

/** Server-sent events from `url`, read until `wanted` matches one (the runner's per-file limit stops a wait that never ends). */
async function eventStream(t: TestContext, url: string) {
  const abort = new AbortController();
  t.after(() => abort.abort());
  const res = await fetch(url, { signal: abort.signal });
  assert.equal(res.status, 200);
  const reader = (res.body as ReadableStream<Uint8Array>).pipeThrough(new TextDecoderStream()).getReader();
  const seen: SseEvent[] = [];
  let buffer = '';
  return {
    seen,
    async until(wanted: (e: SseEvent) => boolean) {
      while (!seen.some(wanted)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`the stream ended; got ${JSON.stringify(seen)}`);
        const taken = takeEvents(buffer + value);
        buffer = taken.rest;
        seen.push(...taken.events);
      }
    },
  };
}

if (postgresSkipReason) {
  console.log(`# skipped: ${postgresSkipReason}`);
  test('several instances on PostgreSQL', { skip: postgresSkipReason }, () => {});
} else {
  after(() => dropAll());

  describe('two instances on one PostgreSQL database', () => {
    it('keeps one history for a conversation whose messages alternate between them, opened on one and first spoken to on the other', async (t) => {
      const [a, b] = await twoInstances(t);
      const c = await open(a.app);
      const texts = ['hello', 'I have a question', 'about my order', 'thanks'];
      for (const [i, text] of texts.entries()) {
        const res = await say((i % 2 === 0 ? b : a).app, c, text);
        assert.equal(res.statusCode, 200, res.body);
      }
      const onA = await transcript(a.app, c);
      assert.deepEqual(onA, await transcript(b.app, c));
      assert.deepEqual(onA.filter((m) => m.from === 'user').map((m) => m.text), texts);
      assert.equal(new Set(onA.map((m) => m.id)).size, onA.length, 'no message twice');
      // Every visitor message is answered right after it: no turn interleaved with another.
      for (const [i, m] of onA.entries()) if (m.from === 'user') assert.equal(onA[i + 1]?.from, 'bot');
    });

    it('an event stream on one instance sees the messages sent through the other, in order, once', async (t) => {
      const [a, b] = await twoInstances(t);
      const base = await a.app.listen({ port: 0, host: '127.0.0.1' });
      const c = await open(b.app);
      const stream = await eventStream(t, `${base}/v1/conversations/${c.id}/events?token=${encodeURIComponent(c.token)}`);
      assert.equal((await say(b.app, c, 'first through B')).statusCode, 200);
      assert.equal((await say(a.app, c, 'then through A')).statusCode, 200);
      assert.equal((await say(b.app, c, 'and B again')).statusCode, 200);
      const isUser = (text: string) => (e: { event: string; data: unknown }) => e.event === 'message' && (e.data as Message).text === text;
      await stream.until(isUser('and B again'));
      await stream.until((e) => e.event === 'state' && stream.seen.indexOf(e) > stream.seen.findIndex(isUser('and B again')));
      const streamed = stream.seen.filter((e) => e.event === 'message').map((e) => e.data as Message);
      const stored = await transcript(a.app, c);
      assert.deepEqual(streamed.map((m) => m.id), stored.slice(stored.length - streamed.length).map((m) => m.id));
      assert.deepEqual(streamed.filter((m) => m.from === 'user').map((m) => m.text), ['first through B', 'then through A', 'and B again']);
    });

    it('an agent\'s stream on one instance hears of a handoff asked for, and the visitor\'s words, on the other', async (t) => {
      const [a, b] = await twoInstances(t);
      const base = await a.app.listen({ port: 0, host: '127.0.0.1' });
      const sam = await a.deps.agents.issueToken('sam');
      const stream = await eventStream(t, `${base}/v1/handoffs/events?token=${encodeURIComponent(sam)}`);
      // Opened, spoken to and handed off on B alone: A has never seen this conversation.
      const c = await open(b.app);
      assert.equal((await say(b.app, c, 'I want to talk to a human')).statusCode, 200);
      await stream.until((e) => e.event === 'handoff' && (e.data as { conversationId: string }).conversationId === c.id);
      assert.equal((await say(b.app, c, 'are you there?')).statusCode, 200);
      const isWaiting = (e: { event: string; data: unknown }) => e.event === 'message' && (e.data as { message: Message }).message.text === 'are you there?';
      await stream.until(isWaiting);
      const handoff = stream.seen.find((e) => e.event === 'handoff')?.data as { id: string; status: string };
      assert.equal(handoff.status, 'queued');
      assert.equal((stream.seen.find(isWaiting)?.data as { handoffId: string }).handoffId, handoff.id);
      assert.equal(stream.seen.filter(isWaiting).length, 1, 'told once');
      assert.ok(!stream.seen.some((e) => e.event === 'message' && (e.data as { message: Message }).message.text === 'I want to talk to a human'), 'the request precedes its handoff');
    });

    it('a handoff claimed on both at once: one claim succeeds, the other is told it is taken', async (t) => {
      const [a, b] = await twoInstances(t);
      const c = await open(a.app);
      assert.equal((await say(a.app, c, 'I want to talk to a human')).statusCode, 200);
      const sam = await a.deps.agents.issueToken('sam');
      const kim = await b.deps.agents.issueToken('kim');
      const list = await b.app.inject({ method: 'GET', url: '/v1/handoffs?status=queued', headers: { authorization: `Bearer ${kim}` } });
      const handoff = (list.json() as { handoffs: { id: string; conversationId: string }[] }).handoffs.find((h) => h.conversationId === c.id);
      assert.ok(handoff, list.body);
      const claim = (app: FastifyInstance, token: string) => app.inject({ method: 'POST', url: `/v1/handoffs/${handoff.id}/claim`, headers: { authorization: `Bearer ${token}` } });
      const answers = await Promise.all([claim(a.app, sam), claim(b.app, kim)]);
      assert.deepEqual(answers.map((r) => r.statusCode).sort(), [200, 409], answers.map((r) => r.body).join('\n'));
      const lost = answers.find((r) => r.statusCode === 409);
      assert.equal(lost?.json().error.code, 'conflict');
      const joined = (await transcript(b.app, c)).filter((m) => m.from === 'system');
      assert.equal(joined.length, 1, 'one agent joined');
    });

    it('the same clientMessageId sent to both at once is one stored turn, and both get the same reply', async (t) => {
      const [a, b] = await twoInstances(t);
      const c = await open(a.app);
      assert.equal((await say(b.app, c, 'hello')).statusCode, 200);
      const answers = await Promise.all([say(a.app, c, 'where is my order?', 'retry-1'), say(b.app, c, 'where is my order?', 'retry-1')]);
      assert.deepEqual(answers.map((r) => r.statusCode), [200, 200], answers.map((r) => r.body).join('\n'));
      assert.deepEqual(answers[0]?.json(), answers[1]?.json());
      const said = (await transcript(b.app, c)).filter((m) => m.text === 'where is my order?');
      assert.equal(said.length, 1, 'one stored turn');
      const stored = await a.deps.storage.conversations.events(c.id, { types: ['user_said'] });
      assert.equal(stored.filter((e) => e.type === 'user_said' && e.clientMessageId === 'retry-1').length, 1);
    });

    it(`the ownership-guess limit (${MAX_OWNERSHIP_FAILURES} failures) counts the guesses made on both`, async (t) => {
      const [a, b] = await twoInstances(t);
      const onA = createOwnershipLimiter(a.deps.storage.counters, a.clock);
      const onB = createOwnershipLimiter(b.deps.storage.counters, b.clock);
      const locked: boolean[] = [];
      for (let i = 0; i < 3; i++) locked.push(await onA.recordFailure('conv-1', '203.0.113.7'));
      for (let i = 0; i < 3; i++) locked.push(await onB.recordFailure('conv-1', '203.0.113.7'));
      assert.deepEqual(locked.slice(0, MAX_OWNERSHIP_FAILURES - 1), Array(MAX_OWNERSHIP_FAILURES - 1).fill(false));
      assert.equal(locked.at(-1), true);
      assert.equal(await onA.isLockedOut('conv-1', '203.0.113.7'), true, 'locked on the instance that saw only 3');
      assert.equal(await onB.isLockedOut('another-conversation', '203.0.113.7'), true, 'and for the address');
    });
  });
}
