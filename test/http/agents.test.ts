import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { expireStaleHandoffs } from '../../src/handoff/expiry.js';
import { createKeyedMutex } from '../../src/turn/keyed-mutex.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

const json = { 'content-type': 'application/json' };
type App = TestApp['app'];
interface Msg { id: string; from: string; text: string; createdAt?: string; agent?: string; agentShownAs?: string }

async function setup(t: TestContext, env: Record<string, string> = {}) {
  const test = await buildTestApp(t, { env: { RATE_LIMIT_PER_CONVERSATION_PER_MINUTE: '0', ...env } });
  const sam = await test.deps.agents.issueToken('sam');
  const kim = await test.deps.agents.issueToken('kim');
  return { ...test, sam: agent(sam), kim: agent(kim) };
}

const agent = (token: string) => ({ authorization: `Bearer ${token}` });
const agentJson = (headers: { authorization: string }) => ({ ...headers, ...json });

async function openConversation(app: App) {
  const res = await app.inject({ method: 'POST', url: '/v1/conversations', headers: json, payload: {} });
  const body = res.json() as { conversation: { id: string }; token: string };
  return { id: body.conversation.id, token: body.token, auth: { ...json, authorization: `Bearer ${body.token}` } };
}

async function say(app: App, c: { id: string; auth: Record<string, string> }, text: string) {
  const res = await app.inject({ method: 'POST', url: `/v1/conversations/${c.id}/messages`, headers: c.auth, payload: { text } });
  assert.equal(res.statusCode, 200, res.body);
  return res.json() as { messages: Msg[]; state: { handoff: string } };
}

/** A visitor who gave an order and an email, then asked for a person: one queued handoff. */
async function queuedHandoff(app: App, headers: { authorization: string }) {
  const c = await openConversation(app);
  await say(app, c, 'where is my order 4829113? my email is mia.jones@gmail.com');
  const asked = await say(app, c, 'I want to talk to a human');
  assert.equal(asked.state.handoff, 'queued');
  const list = await app.inject({ method: 'GET', url: '/v1/handoffs?status=queued', headers });
  const handoff = (list.json() as { handoffs: { id: string; conversationId: string }[] }).handoffs.find((h) => h.conversationId === c.id);
  assert.ok(handoff, 'the handoff is in the queue');
  return { c, handoffId: handoff.id };
}

const post = (app: App, url: string, headers: Record<string, string>, payload?: unknown) =>
  app.inject({ method: 'POST', url, headers: payload === undefined ? headers : { ...headers, ...json }, ...(payload === undefined ? {} : { payload: payload as object }) });

const transcript = async (app: App, c: { id: string; auth: Record<string, string> }) =>
  (await app.inject({ method: 'GET', url: `/v1/conversations/${c.id}`, headers: c.auth })).json() as { messages: Msg[]; state: { handoff: string }; conversation: { status: string } };

describe('agent authentication', () => {
  const routes = [
    ['GET', '/v1/handoffs?status=queued'], ['GET', '/v1/handoffs/some-id'], ['POST', '/v1/handoffs/some-id/claim'],
    ['POST', '/v1/handoffs/some-id/messages'], ['POST', '/v1/handoffs/some-id/resolve'], ['GET', '/v1/handoffs/events'], ['GET', '/v1/agents/me'],
  ] as const;

  it('answers every route with the same 401 for a missing, malformed, wrong, revoked and visitor token', async (t) => {
    const { app, deps } = await setup(t);
    const gone = await deps.agents.issueToken('gone');
    await deps.agents.revoke('gone');
    const visitor = await openConversation(app);
    const variants: Record<string, Record<string, string>> = {
      missing: {},
      malformed: { authorization: 'Basic c2FtOnNhbQ==' },
      wrong: agent('pa_not-a-real-token-at-all-xxxxxxxxxxxx'),
      revoked: agent(gone),
      visitor: agent(visitor.token),
    };
    const bodies = new Set<string>();
    for (const [method, url] of routes) {
      for (const [name, headers] of Object.entries(variants)) {
        const res = await app.inject({ method, url, headers: method === 'POST' ? { ...headers, ...json } : headers, ...(method === 'POST' ? { payload: { text: 'x' } } : {}) });
        assert.equal(res.statusCode, 401, `${method} ${url} with a ${name} token`);
        bodies.add(res.body);
      }
    }
    assert.deepEqual([...bodies], [JSON.stringify({ error: { code: 'unauthorized', message: 'missing or invalid credentials' } })]);
  });

  it('authenticates before validating (no hints about ids or bodies without a token)', async (t) => {
    const { app } = await setup(t);
    const res = await app.inject({ method: 'POST', url: '/v1/handoffs/%20bad%20id/messages', headers: json, payload: { text: '' } });
    assert.equal(res.statusCode, 401);
  });

  it('revocation takes effect on the very next request', async (t) => {
    const { app, deps, sam } = await setup(t);
    assert.equal((await app.inject({ method: 'GET', url: '/v1/handoffs', headers: sam })).statusCode, 200);
    await deps.agents.revoke('sam');
    assert.equal((await app.inject({ method: 'GET', url: '/v1/handoffs', headers: sam })).statusCode, 401);
  });

  it('tells an agent who they are', async (t) => {
    const { app, sam } = await setup(t);
    const res = await app.inject({ method: 'GET', url: '/v1/agents/me', headers: sam });
    assert.deepEqual(res.json(), { agent: { name: 'sam', displayName: null } });
  });

  it('accepts ?token= only on the events route, and never logs it', async (t) => {
    const { app, deps, logs } = await setup(t);
    const token = await deps.agents.issueToken('query');
    const res = await app.inject({ method: 'GET', url: `/v1/handoffs?token=${token}` });
    assert.equal(res.statusCode, 401);
    await app.inject({ method: 'GET', url: `/v1/handoffs/events?token=not-${token}` });
    assert.ok(!logs().includes(token));
  });
});

describe('GET /v1/handoffs', () => {
  it('lists queued handoffs oldest first with the packet, identifiers in full', async (t) => {
    const { app, sam, clock } = await setup(t);
    const first = await queuedHandoff(app, sam);
    clock.advance(60_000);
    const second = await queuedHandoff(app, sam);
    const res = await app.inject({ method: 'GET', url: '/v1/handoffs?status=queued', headers: sam });
    assert.equal(res.statusCode, 200);
    const { handoffs } = res.json() as { handoffs: Record<string, unknown>[] };
    assert.deepEqual(handoffs.map((h) => h.id), [first.handoffId, second.handoffId]);
    const h = handoffs[0] as Record<string, unknown> & { packet: Record<string, unknown> };
    assert.deepEqual(Object.keys(h).sort(), ['assignee', 'collected', 'conversationId', 'createdAt', 'id', 'intent', 'packet', 'reason', 'role', 'status', 'summary', 'updatedAt']);
    assert.equal(h.status, 'queued');
    assert.equal(h.reason, 'visitor_asked');
    assert.equal(h.role, 'buyer');
    assert.equal(h.intent, 'order_status');
    assert.equal(h.assignee, null);
    assert.deepEqual(h.collected, { order_id: '4829113', email: 'mia.jones@gmail.com' });
    assert.match(String(h.summary), /^Buyer asking about order status; gave order 4829113 and email mia\.jones@gmail\.com; .*asked for a person\.$/);
    assert.equal(h.packet.summarySource, 'facts');
    assert.ok(Array.isArray(h.packet.botSaid) && (h.packet.botSaid as unknown[]).length > 0);
  });

  it('defaults to the queue, filters by status and rejects an unknown status', async (t) => {
    const { app, sam } = await setup(t);
    const { handoffId } = await queuedHandoff(app, sam);
    const queue = await app.inject({ method: 'GET', url: '/v1/handoffs', headers: sam });
    assert.equal((queue.json() as { handoffs: unknown[] }).handoffs.length, 1);
    await post(app, `/v1/handoffs/${handoffId}/claim`, sam);
    for (const [status, count] of [['queued', 0], ['assigned', 1], ['resolved', 0]] as const) {
      const res = await app.inject({ method: 'GET', url: `/v1/handoffs?status=${status}`, headers: sam });
      assert.equal((res.json() as { handoffs: unknown[] }).handoffs.length, count, status);
    }
    const bad = await app.inject({ method: 'GET', url: '/v1/handoffs?status=everything', headers: sam });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.code, 'validation_failed');
  });
});

describe('GET /v1/handoffs/:id', () => {
  it('returns the handoff and the whole transcript, visitor messages included', async (t) => {
    const { app, sam } = await setup(t);
    const { handoffId, c } = await queuedHandoff(app, sam);
    const res = await app.inject({ method: 'GET', url: `/v1/handoffs/${handoffId}`, headers: sam });
    assert.equal(res.statusCode, 200);
    const body = res.json() as { handoff: { id: string; conversationId: string }; messages: Msg[] };
    assert.equal(body.handoff.id, handoffId);
    assert.equal(body.handoff.conversationId, c.id);
    assert.deepEqual(body.messages.map((m) => m.from), ['bot', 'user', 'bot', 'user', 'bot']);
    assert.equal(body.messages[3]?.text, 'I want to talk to a human');
  });

  it('404s an unknown handoff and 400s a malformed id', async (t) => {
    const { app, sam } = await setup(t);
    const missing = await app.inject({ method: 'GET', url: '/v1/handoffs/nope', headers: sam });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error.code, 'not_found');
    const bad = await app.inject({ method: 'GET', url: '/v1/handoffs/not%20an%20id', headers: sam });
    assert.equal(bad.statusCode, 400);
  });
});

describe('claim, reply, resolve', () => {
  it('runs the whole lifecycle: bot silent while assigned, agent joined/left shown, bot back after resolve', async (t) => {
    const { app, sam } = await setup(t);
    const { handoffId, c } = await queuedHandoff(app, sam);

    const claimed = await post(app, `/v1/handoffs/${handoffId}/claim`, sam);
    assert.equal(claimed.statusCode, 200);
    assert.equal(claimed.json().handoff.status, 'assigned');
    assert.equal(claimed.json().handoff.assignee, 'sam');
    let seen = await transcript(app, c);
    assert.equal(seen.state.handoff, 'assigned');
    assert.equal(seen.conversation.status, 'with_agent');
    assert.deepEqual(seen.messages.at(-1), { ...seen.messages.at(-1), from: 'system', text: 'sam from the support team joined the chat.' });

    // The bot stays silent while a person holds the conversation; the message reaches the agent.
    const quiet = await say(app, c, 'hello, is anyone there?');
    assert.deepEqual(quiet.messages, []);
    const forAgent = (await app.inject({ method: 'GET', url: `/v1/handoffs/${handoffId}`, headers: sam })).json() as { messages: Msg[] };
    assert.equal(forAgent.messages.at(-1)?.text, 'hello, is anyone there?');
    assert.equal(forAgent.messages.at(-1)?.from, 'user');

    const replied = await post(app, `/v1/handoffs/${handoffId}/messages`, sam, { text: "Hi, I'm Sam. Looking at 4829113 now." });
    assert.equal(replied.statusCode, 201);
    const message = replied.json().message as Msg;
    assert.equal(message.from, 'agent');
    assert.equal(message.agent, 'sam');
    assert.equal(message.agentShownAs, 'sam', 'no display name: the visitor sees the login name');
    seen = await transcript(app, c);
    const { agentShownAs: _, ...asVisitorSees } = message;
    assert.deepEqual(seen.messages.at(-1), asVisitorSees, 'delivered to the visitor');

    const resolved = await post(app, `/v1/handoffs/${handoffId}/resolve`, sam, { note: 'told them it is processing' });
    assert.equal(resolved.statusCode, 200);
    assert.equal(resolved.json().handoff.status, 'resolved');
    assert.equal(resolved.json().handoff.assignee, 'sam');
    seen = await transcript(app, c);
    assert.equal(seen.state.handoff, 'resolved');
    assert.equal(seen.conversation.status, 'active');
    assert.match(seen.messages.at(-1)?.text ?? '', /^sam left the chat\. The assistant is answering again/);
    assert.equal(seen.messages.at(-1)?.from, 'system');

    // The bot speaks again, and a later request opens a new handoff.
    const back = await say(app, c, 'hello');
    assert.ok(back.messages.length > 0 && back.messages.every((m) => m.from === 'bot'));
    const again = await say(app, c, 'I want to talk to a human');
    assert.equal(again.state.handoff, 'queued');
    const queue = (await app.inject({ method: 'GET', url: '/v1/handoffs?status=queued', headers: sam })).json() as { handoffs: { id: string }[] };
    assert.equal(queue.handoffs.length, 1);
    assert.notEqual(queue.handoffs[0]?.id, handoffId);
  });

  it('409s a claim by another agent; claiming your own again is idempotent', async (t) => {
    const { app, sam, kim, deps } = await setup(t);
    const { handoffId, c } = await queuedHandoff(app, sam);
    assert.equal((await post(app, `/v1/handoffs/${handoffId}/claim`, sam)).statusCode, 200);
    const before = (await deps.storage.conversations.events(c.id)).length;
    const again = await post(app, `/v1/handoffs/${handoffId}/claim`, sam, {});
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().handoff.assignee, 'sam');
    assert.equal((await deps.storage.conversations.events(c.id)).length, before, 'nothing new stored, no second "joined"');
    const stolen = await post(app, `/v1/handoffs/${handoffId}/claim`, kim);
    assert.equal(stolen.statusCode, 409);
    assert.equal(stolen.json().error.code, 'conflict');
    assert.match(stolen.json().error.message, /sam/);
  });

  it('lets only the assignee reply (409 for another agent and before a claim)', async (t) => {
    const { app, sam, kim } = await setup(t);
    const { handoffId } = await queuedHandoff(app, sam);
    const early = await post(app, `/v1/handoffs/${handoffId}/messages`, sam, { text: 'hi' });
    assert.equal(early.statusCode, 409);
    await post(app, `/v1/handoffs/${handoffId}/claim`, sam);
    const other = await post(app, `/v1/handoffs/${handoffId}/messages`, kim, { text: 'hi' });
    assert.equal(other.statusCode, 409);
    assert.equal(other.json().error.code, 'conflict');
  });

  it('validates reply texts and resolve notes', async (t) => {
    const { app, sam } = await setup(t);
    const { handoffId } = await queuedHandoff(app, sam);
    await post(app, `/v1/handoffs/${handoffId}/claim`, sam);
    for (const payload of [{ text: '' }, { text: '   ' }, { text: 'x'.repeat(2001) }, {}, { text: 'hi', extra: 1 }]) {
      const res = await post(app, `/v1/handoffs/${handoffId}/messages`, sam, payload);
      assert.equal(res.statusCode, 400, JSON.stringify(payload).slice(0, 40));
      assert.equal(res.json().error.code, 'validation_failed');
    }
    assert.equal((await post(app, `/v1/handoffs/${handoffId}/messages`, sam, { text: 'x'.repeat(2000) })).statusCode, 201);
    const longNote = await post(app, `/v1/handoffs/${handoffId}/resolve`, sam, { note: 'n'.repeat(2001) });
    assert.equal(longNote.statusCode, 400);
  });

  it('409s resolving a queued handoff, resolving someone else\'s, and replying after resolve; a repeat resolve is idempotent', async (t) => {
    const { app, sam, kim } = await setup(t);
    const { handoffId } = await queuedHandoff(app, sam);
    assert.equal((await post(app, `/v1/handoffs/${handoffId}/resolve`, sam, {})).statusCode, 409);
    await post(app, `/v1/handoffs/${handoffId}/claim`, sam);
    assert.equal((await post(app, `/v1/handoffs/${handoffId}/resolve`, kim, {})).statusCode, 409);
    assert.equal((await post(app, `/v1/handoffs/${handoffId}/resolve`, sam)).statusCode, 200, 'no body is fine');
    assert.equal((await post(app, `/v1/handoffs/${handoffId}/resolve`, sam, {})).statusCode, 200);
    assert.equal((await post(app, `/v1/handoffs/${handoffId}/messages`, sam, { text: 'one more thing' })).statusCode, 409);
    assert.equal((await post(app, `/v1/handoffs/${handoffId}/claim`, kim)).statusCode, 409, 'a resolved handoff never reopens');
  });

  it('404s actions on an unknown handoff', async (t) => {
    const { app, sam } = await setup(t);
    for (const action of ['claim', 'resolve']) {
      assert.equal((await post(app, `/v1/handoffs/missing/${action}`, sam, {})).statusCode, 404);
    }
    assert.equal((await post(app, '/v1/handoffs/missing/messages', sam, { text: 'hi' })).statusCode, 404);
  });

  it('shows a visitor cancellation to agents as cancelled', async (t) => {
    const { app, sam } = await setup(t);
    const { handoffId, c } = await queuedHandoff(app, sam);
    await say(app, c, 'never mind');
    const res = (await app.inject({ method: 'GET', url: `/v1/handoffs/${handoffId}`, headers: sam })).json() as { handoff: { status: string } };
    assert.equal(res.handoff.status, 'cancelled');
    assert.equal((await post(app, `/v1/handoffs/${handoffId}/claim`, sam)).statusCode, 409);
  });

  it('serialises concurrent claims: exactly one agent wins', async (t) => {
    const { app, sam, kim } = await setup(t);
    const { handoffId } = await queuedHandoff(app, sam);
    const results = await Promise.all([post(app, `/v1/handoffs/${handoffId}/claim`, sam), post(app, `/v1/handoffs/${handoffId}/claim`, kim)]);
    assert.deepEqual(results.map((r) => r.statusCode).sort(), [200, 409]);
  });
});

describe('display names', () => {
  it('shows visitors the display name at the time (joined, messages, left), and agents the login name', async (t) => {
    const { app, deps } = await setup(t);
    const sam = agent(await deps.agents.issueToken('sam', '  Sam K. ')); // a new token for sam, now with a display name
    const me = await app.inject({ method: 'GET', url: '/v1/agents/me', headers: sam });
    assert.deepEqual(me.json(), { agent: { name: 'sam', displayName: 'Sam K.' } });
    const { handoffId, c } = await queuedHandoff(app, sam);

    const claimed = await post(app, `/v1/handoffs/${handoffId}/claim`, sam);
    assert.equal(claimed.json().handoff.assignee, 'sam', 'agents and the queue know the login name');
    const replied = (await post(app, `/v1/handoffs/${handoffId}/messages`, sam, { text: 'Looking now.' })).json().message as Msg;
    assert.equal(replied.agent, 'sam');
    assert.equal(replied.agentShownAs, 'Sam K.');
    let seen = await transcript(app, c);
    assert.equal(seen.messages.at(-2)?.text, 'Sam K. from the support team joined the chat.');
    assert.deepEqual(seen.messages.at(-1), { id: replied.id, from: 'agent', text: 'Looking now.', createdAt: seen.messages.at(-1)?.createdAt, agent: 'Sam K.' });

    // A rename changes what is said from now on, not what the visitor already saw.
    assert.equal(await deps.agents.setDisplayName('sam', 'Samantha'), true);
    await post(app, `/v1/handoffs/${handoffId}/messages`, sam, { text: 'Done.' });
    await post(app, `/v1/handoffs/${handoffId}/resolve`, sam, {});
    seen = await transcript(app, c);
    const agentSaid = seen.messages.filter((m) => m.from === 'agent');
    assert.deepEqual(agentSaid.map((m) => [m.text, m.agent]), [['Looking now.', 'Sam K.'], ['Done.', 'Samantha']]);
    assert.match(seen.messages.at(-1)?.text ?? '', /^Samantha left the chat\./);
    assert.ok(seen.messages.every((m) => !('agentShownAs' in m)));

    // The stored record names the agent by login; the shown name rides along.
    const stored = await deps.storage.conversations.events(c.id);
    assert.deepEqual(stored.flatMap((e) => (e.type === 'agent_said' ? [[e.agent, e.shownAs]] : [])), [['sam', 'Sam K.'], ['sam', 'Samantha']]);
    assert.ok(stored.some((e) => e.type === 'handoff_claimed' && e.agent === 'sam'));
    const forAgent = (await app.inject({ method: 'GET', url: `/v1/handoffs/${handoffId}`, headers: sam })).json() as { messages: Msg[] };
    assert.deepEqual(forAgent.messages.filter((m) => m.from === 'agent').map((m) => [m.agent, m.agentShownAs]), [['sam', 'Sam K.'], ['sam', 'Samantha']]);
  });

  it('refuses display names that are empty, too long, or hold control or invisible characters', async (t) => {
    const { deps } = await setup(t);
    for (const bad of ['', '   ', 'x'.repeat(65), 'Sam\nK', 'Sam\u0007', 'Sam\u202Eevil', 'Sam\u200B', 'Sam\u2028K']) {
      await assert.rejects(deps.agents.issueToken('pat', bad), (err: Error & { code?: string }) => err.code === 'validation_failed', JSON.stringify(bad));
      await assert.rejects(deps.agents.setDisplayName('sam', bad), (err: Error & { code?: string }) => err.code === 'validation_failed', JSON.stringify(bad));
    }
    assert.equal((await deps.agents.list()).some((a) => a.name === 'pat'), false, 'nothing stored');
    await deps.agents.issueToken('pat', 'x'.repeat(64));
    await deps.agents.issueToken('lee', 'Zoë Ångström 李');
    assert.deepEqual((await deps.agents.list()).filter((a) => a.displayName).map((a) => a.displayName), ['Zoë Ångström 李', 'x'.repeat(64)]);
  });
});

describe('expiry', () => {
  it('expires handoffs queued longer than HANDOFF_EXPIRE_MINUTES, tells the visitor, and hands back to the bot', async (t) => {
    const { app, sam, deps, clock } = await setup(t, { HANDOFF_EXPIRE_MINUTES: '10' });
    const old = await queuedHandoff(app, sam);
    clock.advance(6 * 60_000);
    const young = await queuedHandoff(app, sam);
    // The sweep needs what buildApp wires; the conversations' lock is per app, a fresh one is fine
    // here because nothing else runs concurrently in this test.
    const sweep = { store: deps.storage.conversations, published: async () => undefined, clock, ids: deps.ids, mutex: createKeyedMutex(),
      handoffs: deps.storage.handoffs, expireAfterMinutes: 10, templates: deps.templates };

    assert.equal(await expireStaleHandoffs(sweep), 0, 'nothing is old enough yet');
    clock.advance(5 * 60_000);
    assert.equal(await expireStaleHandoffs(sweep), 1);
    assert.equal(await expireStaleHandoffs(sweep), 0, 'a sweep never expires twice');

    const seen = await transcript(app, old.c);
    assert.equal(seen.state.handoff, 'none');
    assert.equal(seen.messages.at(-1)?.from, 'system');
    assert.match(seen.messages.at(-1)?.text ?? '', /within 10 minutes.*ask for a person again.*email/s);
    const status = (id: string) => (app.inject({ method: 'GET', url: `/v1/handoffs/${id}`, headers: sam })).then((r) => (r.json() as { handoff: { status: string } }).handoff.status);
    assert.equal(await status(old.handoffId), 'expired');
    assert.equal(await status(young.handoffId), 'queued');
    assert.equal((await post(app, `/v1/handoffs/${old.handoffId}/claim`, sam)).statusCode, 409);

    const back = await say(app, old.c, 'hello');
    assert.ok(back.messages.length > 0, 'the bot answers again');

    clock.advance(5 * 60_000);
    await post(app, `/v1/handoffs/${young.handoffId}/claim`, sam);
    assert.equal(await expireStaleHandoffs(sweep), 0, 'a claimed handoff never expires');
  });
});
