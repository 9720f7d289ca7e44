import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp } from '../helpers/test-app.js';

const json = { 'content-type': 'application/json' };

async function open(app: Awaited<ReturnType<typeof buildTestApp>>['app']) {
  const res = await app.inject({ method: 'POST', url: '/v1/conversations', headers: json, payload: { locale: 'en', metadata: { page: '/help' } } });
  assert.equal(res.statusCode, 201);
  const body = res.json() as { conversation: { id: string }; token: string; messages: { from: string; text: string }[]; state: Record<string, unknown> };
  return { ...body, auth: { ...json, authorization: `Bearer ${body.token}` } };
}

describe('POST /v1/conversations', () => {
  it('opens a conversation with a strong token, a greeting and the initial state', async (t) => {
    const { app } = await buildTestApp(t);
    const c = await open(app);
    assert.match(c.token, /^pv_[A-Za-z0-9_-]{32,}$/);
    assert.ok(Buffer.from(c.token.slice(3), 'base64url').length >= 16, 'at least 128 bits');
    assert.equal(c.messages.length, 1);
    assert.equal(c.messages[0]?.from, 'bot');
    assert.deepEqual(c.state, { role: 'unknown', intent: null, awaiting: null, collected: {}, handoff: 'none' });
  });

  it('accepts an empty body with defaults', async (t) => {
    const { app } = await buildTestApp(t);
    const res = await app.inject({ method: 'POST', url: '/v1/conversations' });
    assert.equal(res.statusCode, 201);
  });

  it('stores only a hash of the token', async (t) => {
    const { app, deps } = await buildTestApp(t);
    const c = await open(app);
    // Stored with the visitor's first message (lifecycle/held-conversations.ts).
    await app.inject({ method: 'POST', url: `/v1/conversations/${c.conversation.id}/messages`, headers: c.auth, payload: { text: 'hello' } });
    const hash = (await deps.storage.conversations.tokenHash(c.conversation.id)) ?? assert.fail('not stored');
    assert.equal(hash.length, 32);
    assert.ok(!hash.toString('latin1').includes(c.token));
  });

  for (const [name, payload, code] of [
    ['an unknown field', { locale: 'en', admin: true }, 'validation_failed'],
    ['a malformed locale', { locale: 'english please' }, 'validation_failed'],
    ['a page address that is too long', { metadata: { page: 'x'.repeat(3000) } }, 'validation_failed'],
  ] as const) {
    it(`rejects ${name} with 400 and a clear error`, async (t) => {
      const { app } = await buildTestApp(t);
      const res = await app.inject({ method: 'POST', url: '/v1/conversations', headers: json, payload });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().error.code, code);
      assert.ok(res.json().error.message.length > 0);
    });
  }

  it('rejects malformed JSON, a foreign media type and an oversized body', async (t) => {
    const { app } = await buildTestApp(t);
    const broken = await app.inject({ method: 'POST', url: '/v1/conversations', headers: json, payload: '{"locale":' });
    assert.equal(broken.statusCode, 400);
    assert.equal(broken.json().error.code, 'bad_request');
    const xml = await app.inject({ method: 'POST', url: '/v1/conversations', headers: { 'content-type': 'application/xml' }, payload: '<x/>' });
    assert.equal(xml.statusCode, 415);
    assert.equal(xml.json().error.code, 'unsupported_media_type');
    const huge = await app.inject({ method: 'POST', url: '/v1/conversations', headers: json, payload: JSON.stringify({ metadata: { page: 'x'.repeat(40_000) } }) });
    assert.equal(huge.statusCode, 413);
    assert.equal(huge.json().error.code, 'payload_too_large');
  });
});

describe('POST /v1/conversations/:id/messages', () => {
  it('answers a greeting and records the turn', async (t) => {
    const { app, deps } = await buildTestApp(t);
    const c = await open(app);
    const res = await app.inject({ method: 'POST', url: `/v1/conversations/${c.conversation.id}/messages`, headers: c.auth, payload: { text: 'hello there' } });
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(body.messages.length, 1);
    assert.equal(body.messages[0].from, 'bot');
    assert.match(body.messages[0].text, /help/i);
    const types = (await deps.storage.conversations.events(c.conversation.id)).map((e) => e.type);
    assert.deepEqual(types.slice(-3), ['user_said', 'message_understood', 'bot_said']);
  });

  it('gives the identical 401 for no token, a wrong token, another conversation\'s token and an unknown conversation', async (t) => {
    const { app } = await buildTestApp(t);
    const a = await open(app);
    const b = await open(app);
    const url = `/v1/conversations/${a.conversation.id}/messages`;
    const payload = { text: 'hi' };
    const answers = await Promise.all([
      app.inject({ method: 'POST', url, headers: json, payload }),
      app.inject({ method: 'POST', url, headers: { ...json, authorization: 'Bearer pv_wrong' }, payload }),
      app.inject({ method: 'POST', url, headers: b.auth, payload }),
      app.inject({ method: 'POST', url: '/v1/conversations/no-such-conversation/messages', headers: a.auth, payload }),
    ]);
    for (const res of answers) {
      assert.equal(res.statusCode, 401);
      assert.deepEqual(res.json(), answers[0]?.json());
    }
    assert.equal(answers[0]?.json().error.code, 'unauthorized');
  });

  for (const [name, text] of [['empty text', ''], ['white space only', '   \n '], ['2001 characters', 'a'.repeat(2001)]] as const) {
    it(`rejects ${name}`, async (t) => {
      const { app } = await buildTestApp(t);
      const c = await open(app);
      const res = await app.inject({ method: 'POST', url: `/v1/conversations/${c.conversation.id}/messages`, headers: c.auth, payload: { text } });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().error.code, 'validation_failed');
    });
  }

  it('accepts exactly 2000 characters', async (t) => {
    const { app } = await buildTestApp(t);
    const c = await open(app);
    const res = await app.inject({ method: 'POST', url: `/v1/conversations/${c.conversation.id}/messages`, headers: c.auth, payload: { text: 'a'.repeat(2000) } });
    assert.equal(res.statusCode, 200);
  });

  it('answers a retried clientMessageId with the first reply and stores nothing new', async (t) => {
    const { app, deps } = await buildTestApp(t);
    const c = await open(app);
    const send = () => app.inject({ method: 'POST', url: `/v1/conversations/${c.conversation.id}/messages`, headers: c.auth, payload: { text: 'hi', clientMessageId: 'click-1' } });
    const first = await send();
    const eventsAfterFirst = (await deps.storage.conversations.events(c.conversation.id)).length;
    const second = await send();
    assert.equal(second.statusCode, 200);
    assert.deepEqual(second.json(), first.json());
    assert.equal((await deps.storage.conversations.events(c.conversation.id)).length, eventsAfterFirst);
  });

  it('serialises concurrent double clicks into one stored message', async (t) => {
    const { app, deps } = await buildTestApp(t);
    const c = await open(app);
    const send = () => app.inject({ method: 'POST', url: `/v1/conversations/${c.conversation.id}/messages`, headers: c.auth, payload: { text: 'hi', clientMessageId: 'same' } });
    const [a, b] = await Promise.all([send(), send()]);
    assert.deepEqual(a.json(), b.json());
    assert.equal((await deps.storage.conversations.events(c.conversation.id, { types: ['user_said'] })).length, 1);
  });

  it('redacts a pasted API key before storing, answering or logging it', async (t) => {
    const { app, deps, logs } = await buildTestApp(t);
    const c = await open(app);
    const key = '9f86d081884c7d659a2feaa0c55ad015';
    const res = await app.inject({ method: 'POST', url: `/v1/conversations/${c.conversation.id}/messages`, headers: c.auth, payload: { text: `my api key is ${key} and it says Invalid API key` } });
    assert.equal(res.statusCode, 200);
    assert.ok(!res.body.includes(key));
    assert.match(res.json().messages[0].text, /API key/);
    const transcript = await app.inject({ method: 'GET', url: `/v1/conversations/${c.conversation.id}`, headers: c.auth });
    assert.ok(!transcript.body.includes(key));
    assert.match(transcript.body, /\[redacted\]/);
    const stored = JSON.stringify(await deps.storage.conversations.events(c.conversation.id));
    assert.match(stored, /\[redacted\]/);
    assert.ok(!stored.includes(key));
    assert.ok(logs().length > 0);
    assert.ok(!logs().includes(key));
    assert.ok(!logs().includes(c.token), 'the bearer token is never logged');
  });

  it('limits messages per conversation with a clear 429', async (t) => {
    const { app } = await buildTestApp(t, { env: { RATE_LIMIT_PER_CONVERSATION_PER_MINUTE: '2' } });
    const c = await open(app);
    const send = () => app.inject({ method: 'POST', url: `/v1/conversations/${c.conversation.id}/messages`, headers: c.auth, payload: { text: 'hi' } });
    assert.equal((await send()).statusCode, 200);
    assert.equal((await send()).statusCode, 200);
    const limited = await send();
    assert.equal(limited.statusCode, 429);
    assert.equal(limited.json().error.code, 'rate_limited');
    assert.match(limited.json().error.message, /wait/);
  });

  it('limits requests per client address when configured', async (t) => {
    const { app } = await buildTestApp(t, { env: { RATE_LIMIT_PER_IP_PER_MINUTE: '3' } });
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await app.inject({ method: 'POST', url: '/v1/conversations' })).statusCode);
    assert.deepEqual(codes, [201, 201, 201, 429]);
  });
});

describe('GET /v1/conversations/:id', () => {
  it('returns the transcript in order with the status and state', async (t) => {
    const { app } = await buildTestApp(t);
    const c = await open(app);
    await app.inject({ method: 'POST', url: `/v1/conversations/${c.conversation.id}/messages`, headers: c.auth, payload: { text: 'hello' } });
    const res = await app.inject({ method: 'GET', url: `/v1/conversations/${c.conversation.id}`, headers: c.auth });
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.deepEqual(body.conversation, { id: c.conversation.id, status: 'active' });
    assert.deepEqual(body.messages.map((m: { from: string }) => m.from), ['bot', 'user', 'bot']);
    assert.equal(body.messages[1].text, 'hello');
  });

  it('is 401 without the right token', async (t) => {
    const { app } = await buildTestApp(t);
    const c = await open(app);
    const res = await app.inject({ method: 'GET', url: `/v1/conversations/${c.conversation.id}`, headers: { authorization: 'Bearer nope' } });
    assert.equal(res.statusCode, 401);
  });

  it('rejects a malformed id before looking anything up', async (t) => {
    const { app } = await buildTestApp(t);
    const res = await app.inject({ method: 'GET', url: `/v1/conversations/${encodeURIComponent("x' OR 1=1")}` });
    assert.equal(res.statusCode, 400);
  });
});

describe('unknown routes and operations', () => {
  it('answers an unknown route with the error shape', async (t) => {
    const { app } = await buildTestApp(t);
    const res = await app.inject({ method: 'GET', url: '/v1/nothing-here' });
    assert.equal(res.statusCode, 404);
    assert.deepEqual(Object.keys(res.json().error), ['code', 'message']);
  });

  it('reports liveness and readiness', async (t) => {
    const { app } = await buildTestApp(t);
    assert.deepEqual((await app.inject({ method: 'GET', url: '/healthz' })).json(), { status: 'ok' });
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    assert.equal(ready.statusCode, 200);
    assert.deepEqual(ready.json(), { status: 'ready', database: 'ok', panel: 'closed', panelKey: 'unchecked', load: 'ok' });
  });

  it('reports not ready when the database is gone', async (t) => {
    const { app, deps } = await buildTestApp(t);
    t.mock.method(deps.storage, 'ping', () => Promise.reject(new Error('disk I/O error')));
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    assert.equal(ready.statusCode, 503);
    assert.equal(ready.json().database, 'failing');
  });
});

describe('request logs', () => {
  type Line = Record<string, unknown>;
  const parse = (logs: string) => logs.trim().split('\n').map((l) => JSON.parse(l) as Line);

  it('write one line per request, when it finishes, with the request id and the conversation id', async (t) => {
    const { app, logs } = await buildTestApp(t);
    const c = await open(app);
    await app.inject({ method: 'POST', url: `/v1/conversations/${c.conversation.id}/messages`, headers: c.auth, payload: { text: 'hello' } });
    const lines = parse(logs());
    const turnLine = lines.find((l) => l.msg === 'request completed' && l.method === 'POST' && String(l.url).endsWith('/messages'));
    assert.ok(turnLine, 'the turn request has its line');
    const line = turnLine as Line;
    assert.equal(line.level, 30);
    assert.equal(typeof line.reqId, 'string');
    assert.equal(line.conversationId, c.conversation.id);
    assert.equal(line.url, `/v1/conversations/${c.conversation.id}/messages`);
    assert.equal(line.statusCode, 200);
    assert.equal(typeof line.responseTime, 'number');
    // The turn's outcome is on the request's line, not on a line of its own.
    const turn = line.turn as Record<string, unknown>;
    assert.equal(turn.intent, 'greeting');
    assert.equal(typeof turn.decision, 'string');
    assert.equal(typeof turn.confidence, 'number');
    assert.equal(turn.blocked, 0);
    assert.equal(typeof turn.tookMs, 'number');
    assert.ok(!lines.some((l) => l.msg === 'turn handled'), 'no separate turn line');
    assert.ok(!lines.some((l) => l.msg === 'incoming request'), 'no separate line when a request arrives');
    // Every request (the open and the turn) has exactly one line.
    const perRequest = new Map<unknown, number>();
    for (const l of lines) if (l.msg === 'request completed') perRequest.set(l.reqId, (perRequest.get(l.reqId) ?? 0) + 1);
    assert.deepEqual([...perRequest.values()], [1, 1]);
  });

  it('log the path without its query string, and client errors at info', async (t) => {
    const { app, logs } = await buildTestApp(t);
    const c = await open(app);
    const res = await app.inject({ method: 'GET', url: `/v1/conversations/${c.conversation.id}?token=${c.token}&secret=s3cr3t-query-value` });
    assert.equal(res.statusCode, 401);
    await app.inject({ method: 'GET', url: '/v1/nothing-here?api_key=another-query-secret' });
    const text = logs();
    for (const secret of [c.token, 's3cr3t-query-value', 'another-query-secret']) assert.ok(!text.includes(secret), secret);
    assert.ok(!text.includes('?'), 'no query string in any line');
    const lines = parse(text).filter((l) => l.msg === 'request completed');
    const rejected = lines.find((l) => l.statusCode === 401);
    assert.equal(rejected?.url, `/v1/conversations/${c.conversation.id}`);
    assert.equal(rejected?.conversationId, c.conversation.id);
    assert.equal(rejected?.level, 30);
    const missing = lines.find((l) => l.statusCode === 404);
    assert.equal(missing?.url, '/v1/nothing-here');
    assert.equal(missing?.level, 30);
  });

  it('name the conversation on the lines of a request rejected before its handler, never an unvalidated id', async (t) => {
    const { app, logs } = await buildTestApp(t);
    const c = await open(app);
    const bad = await app.inject({ method: 'POST', url: `/v1/conversations/${c.conversation.id}/messages`, headers: c.auth, payload: { text: '' } });
    assert.equal(bad.statusCode, 400);
    const odd = await app.inject({ method: 'GET', url: `/v1/conversations/${'z'.repeat(65)}` });
    assert.equal(odd.statusCode, 400);
    const lines = parse(logs()).filter((l) => l.msg === 'request completed');
    assert.equal(lines.find((l) => l.statusCode === 400 && l.method === 'POST')?.conversationId, c.conversation.id);
    assert.equal(lines.find((l) => l.statusCode === 400 && l.method === 'GET')?.conversationId, undefined);
  });

  it('log server errors at error', async (t) => {
    const { app, deps, logs } = await buildTestApp(t);
    t.mock.method(deps.storage, 'ping', () => Promise.reject(new Error('disk I/O error')));
    assert.equal((await app.inject({ method: 'GET', url: '/readyz' })).statusCode, 503);
    const line = parse(logs()).find((l) => l.msg === 'request completed' && l.url === '/readyz');
    assert.equal(line?.statusCode, 503);
    assert.equal(line?.level, 50);
  });
});

