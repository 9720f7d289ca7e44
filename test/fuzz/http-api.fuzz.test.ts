// Property-based fuzzing of the HTTP API over inject (security.md groups D and E): arbitrary JSON
// bodies, raw payloads, strings (unicode, control characters, huge, deeply nested), headers and ids
// against every visitor route and every agent route. Whatever arrives: no 5xx, every error has the
// {"error":{"code","message"}} shape and nothing else, and no body carries a stack trace, SQL,
// driver names or file paths. Bounded: a fixed seed and a few hundred cases per property.
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

const RUNS = 400;
const SEED = 20_240_607;
const json = { 'content-type': 'application/json' };

/** Text a response must never carry, whatever the input was (random input cannot spell these). */
const LEAKS: readonly RegExp[] = [
  /\n\s+at .+\(.+:\d+:\d+\)/, // a stack frame
  /\bat (?:async )?[\w.<>]+ \((?:file:\/\/|\/|node:)/,
  /SqliteError|SQLITE_[A-Z]+|better-sqlite3/,
  /\b(?:SELECT|INSERT INTO|UPDATE|DELETE FROM) [\w*]+ (?:FROM|SET|VALUES|WHERE)\b/,
  /node_modules|\/work\/|\/src\/[\w/-]+\.[jt]s|\.ts:\d+/,
  /TypeError|ReferenceError|RangeError|Cannot read propert/,
];

interface Fixture extends TestApp {
  conversationId: string;
  visitorToken: string;
  agentToken: string;
  handoffId: string;
}

async function fixture(t: TestContext): Promise<Fixture> {
  const test = await buildTestApp(t, { env: { RATE_LIMIT_PER_CONVERSATION_PER_MINUTE: '0', RATE_LIMIT_PER_IP_PER_MINUTE: '0' } });
  const opened = await test.app.inject({ method: 'POST', url: '/v1/conversations', headers: json, payload: {} });
  const { conversation, token } = opened.json() as { conversation: { id: string }; token: string };
  const asked = await test.app.inject({
    method: 'POST', url: `/v1/conversations/${conversation.id}/messages`,
    headers: { ...json, authorization: `Bearer ${token}` }, payload: { text: 'I want to talk to a human please' },
  });
  assert.equal(asked.statusCode, 200);
  const agentToken = await test.deps.agents.issueToken('fuzz');
  const queue = await test.app.inject({ method: 'GET', url: '/v1/handoffs', headers: { authorization: `Bearer ${agentToken}` } });
  const handoffId = (queue.json() as { handoffs: { id: string }[] }).handoffs[0]?.id;
  assert.ok(handoffId, 'a queued handoff to fuzz the agent routes with');
  return { ...test, conversationId: conversation.id, visitorToken: token, agentToken, handoffId };
}

/** The contract for every answer, whatever the request. */
function checkResponse(res: LightMyRequestResponse, what: string): void {
  assert.ok(res.statusCode < 500, `${what}: ${res.statusCode} ${res.body.slice(0, 300)}`);
  for (const leak of LEAKS) assert.doesNotMatch(res.body, leak, `${what}: leaked ${leak} in ${res.body.slice(0, 300)}`);
  if (res.statusCode >= 400) {
    let body: unknown;
    assert.doesNotThrow(() => { body = JSON.parse(res.body); }, `${what}: error body is not JSON: ${res.body.slice(0, 200)}`);
    const error = (body as { error?: unknown }).error as Record<string, unknown> | undefined;
    assert.deepEqual(Object.keys(body as object), ['error'], `${what}: ${res.body.slice(0, 200)}`);
    assert.deepEqual(Object.keys(error ?? {}).sort(), ['code', 'message'], `${what}: ${res.body.slice(0, 200)}`);
    assert.equal(typeof error?.code, 'string');
    assert.equal(typeof error?.message, 'string');
    assert.match(error?.code as string, /^[a-z_]+$/);
  }
}

// ---- arbitraries -----------------------------------------------------------------------------

/** Strings of every kind: unicode, lone surrogates, control characters, long, digits, injection. */
const nastyString = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }), // includes lone surrogates
  fc.string({ unit: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)), maxLength: 40 }),
  fc.string({ maxLength: 2500 }),
  fc.integer({ min: 1, max: 40_000 }).map((n) => 'x'.repeat(n)),
  fc.constantFrom(
    '', ' ', '\u0000', '\u200b\u200b', '\ufeff', '%00', '../../etc/passwd', "' OR 1=1 --", '"; DROP TABLE conversations; --',
    '<script>alert(1)</script>', '${7*7}', '{{7*7}}', '__proto__', 'constructor', 'NaN', '-0', '1e309', '4111 1111 1111 1111',
    'where is order 123456? jane@example.com', 'I want to talk to a human', '\ud800', 'a\r\nX-Injected: 1',
  ),
);

/** Arbitrary JSON, deep and wide, with nasty strings as keys and values. */
const anyJson: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 6 });
const nestedJson = fc.integer({ min: 1, max: 3000 }).chain((depth) =>
  fc.constantFrom('[', '{"a":').map((open) => open.repeat(depth) + (open === '[' ? ']'.repeat(depth) : `1${'}'.repeat(depth)}`)));
const looseObject = fc.dictionary(nastyString, fc.oneof(nastyString, anyJson), { maxKeys: 6 });
const messageLike = fc.record({
  text: fc.oneof(nastyString, anyJson),
  clientMessageId: fc.oneof(nastyString, anyJson),
  locale: nastyString,
  metadata: fc.oneof(anyJson, fc.record({ page: nastyString })),
  note: nastyString,
}, { requiredKeys: [] });
const body = fc.oneof(anyJson, looseObject, messageLike, messageLike, nastyString.map((s) => JSON.stringify({ text: s })));
/** A raw payload string: JSON text, not-quite JSON, or garbage. */
const rawPayload = fc.oneof(
  anyJson.map((v) => JSON.stringify(v) ?? 'null'),
  nestedJson,
  nastyString,
  fc.constantFrom('{', '{"text":', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"x":1}}}', 'null', '[]', '""', '{"text":"\\ud800"}'),
);

/** Header values node accepts (latin-1 without CR/LF/NUL): inject would throw on the others. */
const headerValue = fc.oneof(
  fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).filter((c) => c !== 0x7f).map((c) => String.fromCharCode(c)), maxLength: 300 }),
  fc.constantFrom('Bearer', 'Bearer ', 'bearer pv_', 'Basic dXNlcjpwYXNz', `Bearer ${'a'.repeat(300)}`, 'Bearer pv_\u00ff\u00fe'),
);
const contentType = fc.oneof(
  fc.constant('application/json'),
  fc.constantFrom('application/json; charset=utf-8', 'application/JSON', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', ''),
  headerValue,
);
/** Percent-encodes a segment; a lone surrogate (not encodable) becomes a malformed escape instead. */
function encodeSegment(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return `bad%E0%A4%A${s.length}`;
  }
}

/** Ids for path segments: valid shapes, wrong shapes, and anything percent-encoded. */
const pathId = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
  nastyString.map(encodeSegment),
  fc.constantFrom('..', '%2e%2e', '%2F', 'a%00b', '1'.repeat(100), 'null', 'undefined', '-1', '0'),
).filter((s) => s.length > 0);

type Auth = 'none' | 'visitor' | 'agent' | 'random';
const auth = fc.oneof(fc.constantFrom<Auth>('none', 'visitor', 'agent', 'random'), fc.constant<Auth>('random'));

interface RouteCase {
  method: 'GET' | 'POST';
  /** Builds the URL from a (possibly valid) id. */
  url: (id: string) => string;
  /** A route that streams (SSE) must never get valid credentials: the answer would not end. */
  streams?: boolean;
  idKind: 'conversation' | 'handoff' | 'none';
}

const ROUTES: readonly RouteCase[] = [
  { method: 'POST', url: () => '/v1/conversations', idKind: 'none' },
  { method: 'POST', url: (id) => `/v1/conversations/${id}/messages`, idKind: 'conversation' },
  { method: 'GET', url: (id) => `/v1/conversations/${id}`, idKind: 'conversation' },
  { method: 'GET', url: (id) => `/v1/conversations/${id}/events`, idKind: 'conversation', streams: true },
  { method: 'GET', url: () => '/v1/agents/me', idKind: 'none' },
  { method: 'GET', url: () => '/v1/handoffs', idKind: 'none' },
  { method: 'GET', url: () => '/v1/handoffs/events', idKind: 'none', streams: true },
  { method: 'GET', url: (id) => `/v1/handoffs/${id}`, idKind: 'handoff' },
  { method: 'POST', url: (id) => `/v1/handoffs/${id}/claim`, idKind: 'handoff' },
  { method: 'POST', url: (id) => `/v1/handoffs/${id}/messages`, idKind: 'handoff' },
  { method: 'POST', url: (id) => `/v1/handoffs/${id}/resolve`, idKind: 'handoff' },
];

function authHeader(f: Fixture, kind: Auth, random: string, route: RouteCase): Record<string, string> {
  const valid = kind === 'visitor' ? f.visitorToken : kind === 'agent' ? f.agentToken : undefined;
  if (valid && route.streams) return { authorization: `Bearer ${valid}x` };
  if (valid) return { authorization: `Bearer ${valid}` };
  return kind === 'random' ? { authorization: random } : {};
}

const idFor = (f: Fixture, route: RouteCase, useReal: boolean, random: string): string =>
  !useReal ? random : route.idKind === 'conversation' ? f.conversationId : route.idKind === 'handoff' ? f.handoffId : random;

// ---- properties --------------------------------------------------------------------------------

describe('HTTP API fuzzing (fast-check, fixed seed)', () => {
  it('arbitrary JSON bodies on every route, with and without valid credentials', { timeout: 120_000 }, async (t) => {
    const f = await fixture(t);
    await fc.assert(fc.asyncProperty(
      fc.constantFrom(...ROUTES), fc.boolean(), pathId, auth, headerValue, body,
      async (route, realId, randomId, kind, randomAuth, payload) => {
        const url = route.url(idFor(f, route, realId, randomId));
        const res = await f.app.inject({
          method: route.method, url,
          headers: { ...json, ...authHeader(f, kind, randomAuth, route) },
          ...(route.method === 'POST' ? { payload: JSON.stringify(payload) ?? 'null' } : {}),
        });
        checkResponse(res, `${route.method} ${url}`);
      },
    ), { numRuns: RUNS * 2, seed: SEED });
  });

  it('raw payloads (broken, nested, poisoned, huge) under any content type', { timeout: 120_000 }, async (t) => {
    const f = await fixture(t);
    const posts = ROUTES.filter((r) => r.method === 'POST');
    await fc.assert(fc.asyncProperty(
      fc.constantFrom(...posts), fc.boolean(), auth, contentType, rawPayload,
      async (route, realId, kind, type, payload) => {
        const url = route.url(idFor(f, route, realId, 'nope'));
        const res = await f.app.inject({
          method: 'POST', url,
          headers: { ...(type === '' ? {} : { 'content-type': type }), ...authHeader(f, kind, 'x', route) },
          payload,
        });
        checkResponse(res, `POST ${url} (${type})`);
      },
    ), { numRuns: RUNS, seed: SEED + 1 });
  });

  it('a visitor turn with any text: 200 or a 4xx with the error shape', { timeout: 120_000 }, async (t) => {
    const f = await fixture(t);
    await fc.assert(fc.asyncProperty(nastyString, fc.option(nastyString, { nil: undefined }), async (text, clientMessageId) => {
      const res = await f.app.inject({
        method: 'POST', url: `/v1/conversations/${f.conversationId}/messages`,
        headers: { ...json, authorization: `Bearer ${f.visitorToken}` },
        payload: JSON.stringify(clientMessageId === undefined ? { text } : { text, clientMessageId }),
      });
      checkResponse(res, `turn ${JSON.stringify(text.slice(0, 40))}`);
      const fits = text.length <= 2000 && text.trim().length > 0 && (clientMessageId === undefined || (clientMessageId.length >= 1 && clientMessageId.length <= 64));
      // U+0000 is refused at the edge (channels/hardening.ts: PostgreSQL cannot store it).
      const holdsNul = `${text}${clientMessageId ?? ''}`.includes('\u0000');
      if (fits && Buffer.byteLength(JSON.stringify({ text, clientMessageId })) < 16 * 1024) assert.equal(res.statusCode, holdsNul ? 400 : 200, res.body.slice(0, 300));
    }), { numRuns: RUNS, seed: SEED + 2 });
  });

  it('arbitrary headers, methods, paths and query strings anywhere', { timeout: 120_000 }, async (t) => {
    const f = await fixture(t);
    const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD') as fc.Arbitrary<'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'OPTIONS' | 'HEAD'>;
    const path = fc.oneof(
      fc.constantFrom(...ROUTES).chain((r) => pathId.map((id) => r.url(id))),
      fc.array(pathId, { minLength: 1, maxLength: 5 }).map((parts) => `/${parts.join('/')}`),
      fc.constantFrom('/', '/healthz', '/readyz', '/metrics', '/console', '/widget.js', '/v1', '/v1/', '//v1//conversations', '/v1/conversations/../handoffs'),
    );
    const query = fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), nastyString, { maxKeys: 4 })
      .map((q) => (Object.keys(q).length ? `?${new URLSearchParams(q).toString()}` : ''));
    const headers = fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/), headerValue, { maxKeys: 6 });
    await fc.assert(fc.asyncProperty(method, path, query, headers, auth, headerValue, async (m, p, q, extra, kind, randomAuth) => {
      // Streams with a valid token would not end; the events routes get only invalid tokens here.
      const streams = /\/events(\?|$)/.test(p);
      const authorization = kind === 'random' || streams ? { authorization: randomAuth } : kind === 'visitor' ? { authorization: `Bearer ${f.visitorToken}` } : kind === 'agent' ? { authorization: `Bearer ${f.agentToken}` } : {};
      const res = await f.app.inject({ method: m, url: `${p}${q}`, headers: { ...extra, ...authorization } });
      // HEAD answers carry no body by definition; their status is still checked.
      if (m === 'HEAD') assert.ok(res.statusCode < 500, `HEAD ${p}${q}: ${res.statusCode}`);
      else if (res.statusCode >= 400) checkResponse(res, `${m} ${p}${q}`);
      else assert.ok(res.statusCode < 500, `${m} ${p}${q}: ${res.statusCode}`);
      for (const leak of LEAKS) assert.doesNotMatch(res.body, leak);
    }), { numRuns: RUNS, seed: SEED + 3 });
  });
});
