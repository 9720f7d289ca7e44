// The agents' live stream against a real socket, read with fetch the way a browser's EventSource
// would: every handoff change and every message while a handoff is open, in order.
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { takeEvents, type SseEvent } from '../helpers/sse.js';
import { buildTestApp } from '../helpers/test-app.js';

const json = { 'content-type': 'application/json' };

/** Reads one event stream; `next` waits for the next event matching a predicate (skipping others). */
async function openStream(t: TestContext, url: string, headers: Record<string, string> = {}) {
  const abort = new AbortController();
  t.after(() => abort.abort());
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const queue: SseEvent[] = [];
  let buffer = '';
  let ended = false;
  const pump = async () => {
    const { value, done } = await reader.read();
    if (done) {
      ended = true;
      return;
    }
    const taken = takeEvents(buffer + decoder.decode(value, { stream: true }));
    buffer = taken.rest;
    queue.push(...taken.events);
  };
  // The limits only catch an event that never comes: a busy machine may delay one by seconds.
  return {
    async next(match: (e: SseEvent) => boolean = () => true, timeoutMs = 15_000): Promise<SseEvent> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const i = queue.findIndex(match);
        if (i >= 0) return queue.splice(0, i + 1).at(-1) as SseEvent;
        if (ended) throw new Error('stream ended');
        if (Date.now() > deadline) throw new Error(`no matching event in ${timeoutMs} ms; got ${JSON.stringify(queue)}`);
        await Promise.race([pump(), new Promise((r) => setTimeout(r, 50))]);
      }
    },
    /** Events received so far and not yet consumed. */
    pending: () => queue,
    async ended(timeoutMs = 15_000): Promise<boolean> {
      const deadline = Date.now() + timeoutMs;
      while (!ended && Date.now() < deadline) await Promise.race([pump().catch(() => { ended = true; }), new Promise((r) => setTimeout(r, 50))]);
      return ended;
    },
  };
}

async function listening(t: TestContext) {
  const test = await buildTestApp(t, { env: { RATE_LIMIT_PER_CONVERSATION_PER_MINUTE: '0' } });
  const base = await test.app.listen({ port: 0, host: '127.0.0.1' });
  const call = async (method: string, path: string, headers: Record<string, string>, body?: unknown) => {
    const res = await fetch(base + path, { method, headers: body === undefined ? headers : { ...headers, ...json }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: res.status, body: await res.json() as unknown };
  };
  const visitor = async () => {
    const opened = await call('POST', '/v1/conversations', {}, {});
    const { token, conversation: { id } } = opened.body as { token: string; conversation: { id: string } };
    return { id, token, say: (text: string) => call('POST', `/v1/conversations/${id}/messages`, { authorization: `Bearer ${token}` }, { text }) };
  };
  return { ...test, base, call, visitor };
}

const isHandoff = (status: string) => (e: SseEvent) => e.event === 'handoff' && (e.data as { status: string }).status === status;
/** On the agents' stream a message comes with its handoff: `{ handoffId, message }`. */
const isMessage = (from: string) => (e: SseEvent) => e.event === 'message' && (e.data as { message: { from: string } }).message.from === from;
/** On the visitor's stream the data is the Message itself. */
const isVisitorMessage = (from: string) => (e: SseEvent) => e.event === 'message' && (e.data as { from: string }).from === from;

describe('GET /v1/handoffs/events', () => {
  it('streams handoff changes and the conversation\'s messages to agents, and the agent\'s words to the visitor', async (t) => {
    const { base, call, visitor, deps } = await listening(t);
    const token = await deps.agents.issueToken('sam');
    const sam = { authorization: `Bearer ${token}` };
    const agentStream = await openStream(t, `${base}/v1/handoffs/events?token=${encodeURIComponent(token)}`);

    const v = await visitor();
    const visitorStream = await openStream(t, `${base}/v1/conversations/${v.id}/events`, { authorization: `Bearer ${v.token}` });
    await v.say('I want to talk to a human');
    const queued = (await agentStream.next(isHandoff('queued'))).data as { id: string; conversationId: string; packet: unknown };
    assert.equal(queued.conversationId, v.id);
    assert.ok(queued.packet, 'the stream carries the full handoff, packet included');
    assert.ok(!agentStream.pending().some((e) => e.event === 'message'), 'the request itself precedes the handoff');

    // While queued, the visitor's words and the bot's "you're in the queue" reach the agent.
    await v.say('are you there?');
    const waiting = (await agentStream.next(isMessage('user'))).data as { handoffId: string; message: { text: string } };
    assert.deepEqual([waiting.handoffId, waiting.message.text], [queued.id, 'are you there?']);
    await agentStream.next(isMessage('bot'));

    assert.equal((await call('POST', `/v1/handoffs/${queued.id}/claim`, sam)).status, 200);
    const joined = (await agentStream.next()).data as { handoffId: string; message: { from: string; text: string } };
    assert.equal(joined.message.from, 'system');
    assert.match(joined.message.text, /sam .*joined/);
    assert.equal(((await agentStream.next()).data as { status: string }).status, 'assigned');
    assert.match(((await visitorStream.next(isVisitorMessage('system'))).data as { text: string }).text, /joined/);

    await v.say('my order is 4829113');
    const fromVisitor = (await agentStream.next()).data as { handoffId: string; message: { from: string; text: string } };
    assert.deepEqual([fromVisitor.handoffId, fromVisitor.message.from, fromVisitor.message.text], [queued.id, 'user', 'my order is 4829113']);

    const reply = await call('POST', `/v1/handoffs/${queued.id}/messages`, sam, { text: 'Checking it now.' });
    assert.equal(reply.status, 201);
    const echoed = (await agentStream.next()).data as { message: { id: string; from: string } };
    assert.equal(echoed.message.id, (reply.body as { message: { id: string } }).message.id);
    const delivered = (await visitorStream.next(isVisitorMessage('agent'))).data as { text: string; agent: string };
    assert.deepEqual([delivered.text, delivered.agent], ['Checking it now.', 'sam']);

    assert.equal((await call('POST', `/v1/handoffs/${queued.id}/resolve`, sam, {})).status, 200);
    const left = (await agentStream.next()).data as { message: { from: string; text: string } };
    assert.match(left.message.text, /sam left/);
    assert.equal(((await agentStream.next()).data as { status: string }).status, 'resolved');
    await visitorStream.next((e) => e.event === 'message' && /left/.test((e.data as { text: string }).text));

    // Once resolved, the conversation is the bot's again: nothing more goes to agents…
    await v.say('thanks!');
    // …until the next handoff, which is the next thing the agent hears about.
    const other = await visitor();
    await other.say('I want to talk to a human');
    const next = await agentStream.next();
    assert.equal(next.event, 'handoff');
    assert.equal((next.data as { conversationId: string }).conversationId, other.id);
  });

  it('takes the token as a Bearer header too, and rejects a visitor token', async (t) => {
    const { base, deps, visitor } = await listening(t);
    const token = await deps.agents.issueToken('kim');
    const stream = await openStream(t, `${base}/v1/handoffs/events`, { authorization: `Bearer ${token}` });
    const v = await visitor();
    await v.say('I want to talk to a human');
    await stream.next(isHandoff('queued'));
    const refused = await fetch(`${base}/v1/handoffs/events?token=${encodeURIComponent(v.token)}`);
    assert.equal(refused.status, 401);
    assert.deepEqual(await refused.json(), { error: { code: 'unauthorized', message: 'missing or invalid credentials' } });
  });

  it('ends a revoked agent\'s open stream at the next update', async (t) => {
    const { base, deps, visitor } = await listening(t);
    const token = await deps.agents.issueToken('gone');
    const stream = await openStream(t, `${base}/v1/handoffs/events?token=${encodeURIComponent(token)}`);
    await deps.agents.revoke('gone');
    const v = await visitor();
    await v.say('I want to talk to a human');
    assert.equal(await stream.ended(), true);
    assert.ok(!stream.pending().some((e) => e.event === 'handoff'), 'nothing was sent after revocation');
  });
});
