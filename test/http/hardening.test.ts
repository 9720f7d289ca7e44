// The HTTP edge (security.md §5 E, IN-01, LOAD-03): security headers on the API and the pages,
// CORS from the allow-list only, 404 and per-address rate limits with Retry-After, per-route body
// limits, load shedding, and the server timeouts, including that event streams outlive the idle
// timeout while idle sockets and slow senders do not.
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { describe, it, type TestContext } from 'node:test';
import { BODY_LIMITS, KEEP_ALIVE_TIMEOUT_MS, PRESSURE_RETRY_AFTER_SECONDS, REFUSED_ORIGINS_LOGGED, refusedOriginLog } from '../../src/channels/hardening.js';
import { buildTestApp } from '../helpers/test-app.js';

const json = { 'content-type': 'application/json' };
type App = Awaited<ReturnType<typeof buildTestApp>>['app'];

async function open(app: App) {
  const res = await app.inject({ method: 'POST', url: '/v1/conversations', headers: json, payload: {} });
  assert.equal(res.statusCode, 201);
  const body = res.json() as { conversation: { id: string }; token: string };
  return { id: body.conversation.id, token: body.token, auth: { ...json, authorization: `Bearer ${body.token}` } };
}

const errorShape = (body: unknown, code: string) => {
  const error = (body as { error?: { code?: unknown; message?: unknown } }).error;
  assert.equal(error?.code, code);
  assert.equal(typeof error?.message, 'string');
  assert.deepEqual(Object.keys(body as object), ['error']);
};

describe('security headers', () => {
  it('on JSON answers, errors and 404s: nosniff, no-referrer, DENY framing, no-store', async (t) => {
    const { app } = await buildTestApp(t);
    const c = await open(app);
    const answers = [
      await app.inject({ method: 'POST', url: '/v1/conversations', headers: json, payload: {} }),
      await app.inject({ method: 'GET', url: `/v1/conversations/${c.id}`, headers: { authorization: `Bearer ${c.token}` } }),
      await app.inject({ method: 'GET', url: `/v1/conversations/${c.id}` }), // 401
      await app.inject({ method: 'GET', url: '/v1/nothing-here' }), // 404
      await app.inject({ method: 'GET', url: '/readyz' }),
    ];
    for (const res of answers) {
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.equal(res.headers['referrer-policy'], 'no-referrer');
      assert.equal(res.headers['x-frame-options'], 'DENY');
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.match(String(res.headers['content-type']), /^application\/json/);
    }
  });

  it('the pages keep their own strict CSP and revalidation; the widget stays loadable cross-origin', async (t) => {
    const { app } = await buildTestApp(t);
    const consolePage = await app.inject({ method: 'GET', url: '/console' });
    assert.equal(consolePage.statusCode, 200);
    const csp = String(consolePage.headers['content-security-policy']);
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.equal(consolePage.headers['cache-control'], 'no-cache');
    assert.equal(consolePage.headers['x-content-type-options'], 'nosniff');
    assert.equal(consolePage.headers['referrer-policy'], 'no-referrer');
    const widget = await app.inject({ method: 'GET', url: '/widget.js' });
    assert.equal(widget.headers['cross-origin-resource-policy'], 'cross-origin');
  });

  it('no CSP on the API, so nothing a browser applies to the embedding help page', async (t) => {
    // CORP same-origin is enforced for no-cors loads only; the widget's fetch and EventSource are CORS requests.
    const { app } = await buildTestApp(t, { env: { CORS_ORIGINS: 'https://help.example.com' } });
    const res = await app.inject({ method: 'POST', url: '/v1/conversations', headers: { ...json, origin: 'https://help.example.com' }, payload: {} });
    assert.equal(res.statusCode, 201);
    assert.equal(res.headers['content-security-policy'], undefined);
    assert.equal(res.headers['access-control-allow-origin'], 'https://help.example.com');
  });
});

describe('CORS', () => {
  const HELP = 'https://help.example.com';

  it('answers the listed origin exactly, and no other origin, never with a wildcard', async (t) => {
    const { app } = await buildTestApp(t, { env: { CORS_ORIGINS: HELP } });
    const ok = await app.inject({ method: 'POST', url: '/v1/conversations', headers: { ...json, origin: HELP }, payload: {} });
    assert.equal(ok.headers['access-control-allow-origin'], HELP);
    assert.equal(ok.headers['access-control-allow-credentials'], undefined);
    for (const origin of ['https://evil.example', 'null', 'https://help.example.com.evil.net', 'https://evilhelp.example.com', 'http://help.example.com']) {
      const res = await app.inject({ method: 'POST', url: '/v1/conversations', headers: { ...json, origin }, payload: {} });
      assert.equal(res.headers['access-control-allow-origin'], undefined, origin);
    }
  });

  it('preflight from the listed origin allows the bearer header; from another origin it allows nothing', async (t) => {
    const { app } = await buildTestApp(t, { env: { CORS_ORIGINS: HELP } });
    const preflight = (origin: string) => app.inject({
      method: 'OPTIONS', url: '/v1/conversations/abc/messages',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    const ok = await preflight(HELP);
    assert.equal(ok.statusCode, 204);
    assert.equal(ok.headers['access-control-allow-origin'], HELP);
    assert.match(String(ok.headers['access-control-allow-headers']), /authorization/i);
    assert.match(String(ok.headers['access-control-allow-methods']), /POST/);
    const evil = await preflight('https://evil.example');
    assert.equal(evil.headers['access-control-allow-origin'], undefined);
  });

  it('logs each refused origin once, with the list; never a listed or same origin', async (t) => {
    // Written with a trailing slash, as people copy it from the address bar: still the same origin.
    const { app, logs } = await buildTestApp(t, { env: { CORS_ORIGINS: `${HELP}/` } });
    const post = (origin: string, host = 'parley.example') =>
      app.inject({ method: 'POST', url: '/v1/conversations', headers: { ...json, origin, host }, payload: {} });
    assert.equal((await post(HELP)).headers['access-control-allow-origin'], HELP);
    for (let i = 0; i < 3; i++) await post('https://www.help.example.com');
    await post('https://parley.example', 'parley.example'); // the demo page or the console
    const lines = logs().split('\n').filter((line) => line.includes('not in CORS_ORIGINS'));
    assert.equal(lines.length, 1, logs());
    const line = JSON.parse(lines[0] ?? '{}') as { level: number; origin: string; corsOrigins: string[] };
    assert.equal(line.level, 40);
    assert.equal(line.origin, 'https://www.help.example.com');
    assert.deepEqual(line.corsOrigins, [HELP]);
  });

  it('logs at most REFUSED_ORIGINS_LOGGED distinct origins', () => {
    const refused = refusedOriginLog([HELP]);
    let warned = 0;
    const log = { warn: () => { warned++; } } as unknown as Parameters<typeof refused>[2];
    for (let i = 0; i < REFUSED_ORIGINS_LOGGED + 50; i++) refused(`https://x${i}.example`, 'parley.example', log);
    assert.equal(warned, REFUSED_ORIGINS_LOGGED);
  });

  it('with no CORS_ORIGINS, no origin is allowed and no header ever says *', async (t) => {
    const { app } = await buildTestApp(t);
    for (const origin of ['https://help.example.com', 'https://evil.example']) {
      const res = await app.inject({ method: 'POST', url: '/v1/conversations', headers: { ...json, origin }, payload: {} });
      assert.equal(res.headers['access-control-allow-origin'], undefined);
      for (const value of Object.values(res.headers)) assert.notEqual(value, '*');
    }
  });
});

describe('rate limits', () => {
  it('limits 404s per client address, in the error shape, with Retry-After; real routes are unaffected', async (t) => {
    const { app } = await buildTestApp(t, { env: { RATE_LIMIT_NOT_FOUND_PER_MINUTE: '3' } });
    for (let i = 0; i < 3; i++) {
      const res = await app.inject({ method: 'GET', url: `/v1/guess-${i}` });
      assert.equal(res.statusCode, 404);
      errorShape(res.json(), 'not_found');
    }
    const limited = await app.inject({ method: 'GET', url: '/admin' });
    assert.equal(limited.statusCode, 429);
    errorShape(limited.json(), 'rate_limited');
    assert.match(String(limited.headers['retry-after']), /^\d+$/);
    assert.ok(Number(limited.headers['retry-after']) > 0 && Number(limited.headers['retry-after']) <= 60);
    // Another address has its own counter; a real route is not counted as a 404.
    const other = await app.inject({ method: 'GET', url: '/admin', remoteAddress: '10.0.0.9' });
    assert.equal(other.statusCode, 404);
    assert.equal((await app.inject({ method: 'POST', url: '/v1/conversations' })).statusCode, 201);
  });

  it('a spoofed X-Forwarded-For does not reset the 404 counter (no proxy trusted)', async (t) => {
    const { app } = await buildTestApp(t, { env: { RATE_LIMIT_NOT_FOUND_PER_MINUTE: '2' } });
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await app.inject({ method: 'GET', url: '/x', headers: { 'x-forwarded-for': `203.0.113.${i}` } })).statusCode);
    assert.deepEqual(codes, [404, 404, 429, 429]);
  });

  it('0 turns the 404 limit off', async (t) => {
    const { app } = await buildTestApp(t, { env: { RATE_LIMIT_NOT_FOUND_PER_MINUTE: '0' } });
    for (let i = 0; i < 40; i++) assert.equal((await app.inject({ method: 'GET', url: '/x' })).statusCode, 404);
  });

  it('the per-address limit answers 429 with Retry-After and the rate-limit headers', async (t) => {
    const { app } = await buildTestApp(t, { env: { RATE_LIMIT_PER_IP_PER_MINUTE: '2' } });
    await app.inject({ method: 'GET', url: '/healthz' });
    await app.inject({ method: 'GET', url: '/healthz' });
    const res = await app.inject({ method: 'POST', url: '/v1/conversations' });
    assert.equal(res.statusCode, 429);
    errorShape(res.json(), 'rate_limited');
    assert.match(String(res.headers['retry-after']), /^\d+$/);
    assert.equal(res.headers['x-ratelimit-limit'], '2');
  });

  it('the per-conversation limit answers 429 with Retry-After too', async (t) => {
    const { app } = await buildTestApp(t, { env: { RATE_LIMIT_PER_CONVERSATION_PER_MINUTE: '1' } });
    const c = await open(app);
    assert.equal((await app.inject({ method: 'POST', url: `/v1/conversations/${c.id}/messages`, headers: c.auth, payload: { text: 'hello' } })).statusCode, 200);
    const res = await app.inject({ method: 'POST', url: `/v1/conversations/${c.id}/messages`, headers: c.auth, payload: { text: 'hello again' } });
    assert.equal(res.statusCode, 429);
    errorShape(res.json(), 'rate_limited');
    assert.equal(res.headers['retry-after'], '60');
  });
});

describe('body limits per route', () => {
  const padded = (bytes: number, body: Record<string, unknown>) => {
    const base = JSON.stringify(body);
    return `${base.slice(0, -1)},"pad":"${'x'.repeat(Math.max(0, bytes - base.length - 9))}"}`;
  };

  it('conversation creation: 4 KiB', async (t) => {
    const { app } = await buildTestApp(t);
    const res = await app.inject({ method: 'POST', url: '/v1/conversations', headers: json, payload: padded(BODY_LIMITS.conversationCreate + 1, { locale: 'en' }) });
    assert.equal(res.statusCode, 413);
    errorShape(res.json(), 'payload_too_large');
    // Just under the limit the body is read (and refused for its unknown field, not its size).
    const under = await app.inject({ method: 'POST', url: '/v1/conversations', headers: json, payload: padded(BODY_LIMITS.conversationCreate - 10, { locale: 'en' }) });
    assert.equal(under.statusCode, 400);
  });

  it('visitor messages: 8 KiB, which still fits 2000 four-byte characters', async (t) => {
    const { app } = await buildTestApp(t);
    const c = await open(app);
    const url = `/v1/conversations/${c.id}/messages`;
    const big = await app.inject({ method: 'POST', url, headers: c.auth, payload: padded(BODY_LIMITS.visitorMessage + 1, { text: 'hi' }) });
    assert.equal(big.statusCode, 413);
    errorShape(big.json(), 'payload_too_large');
    const emoji = JSON.stringify({ text: '😀'.repeat(2000), clientMessageId: 'x'.repeat(64) });
    assert.ok(Buffer.byteLength(emoji) > 8000 && Buffer.byteLength(emoji) <= BODY_LIMITS.visitorMessage);
    const ok = await app.inject({ method: 'POST', url, headers: c.auth, payload: emoji });
    assert.equal(ok.statusCode, 200, ok.body);
  });

  it('agent routes: 16 KiB', async (t) => {
    const { app, deps } = await buildTestApp(t);
    const agent = { ...json, authorization: `Bearer ${await deps.agents.issueToken('sam')}` };
    const big = await app.inject({ method: 'POST', url: '/v1/handoffs/h-1/messages', headers: agent, payload: padded(BODY_LIMITS.agent + 1, { text: 'hi' }) });
    assert.equal(big.statusCode, 413);
    errorShape(big.json(), 'payload_too_large');
    // 10 KiB is over the visitor limit but read on an agent route (then refused for its field).
    const mid = await app.inject({ method: 'POST', url: '/v1/handoffs/h-1/messages', headers: agent, payload: padded(10 * 1024, { text: 'hi' }) });
    assert.equal(mid.statusCode, 400);
  });
});

describe('load shedding (under-pressure)', () => {
  it('answers 503 with Retry-After in the error shape over a threshold; /readyz says why, /healthz and /metrics still answer', async (t) => {
    // A 1 MiB heap threshold is exceeded from the first sample on (sampled once a second).
    const { app } = await buildTestApp(t, { env: { MAX_HEAP_USED_MB: '1' } });
    assert.equal((await app.inject({ method: 'POST', url: '/v1/conversations' })).statusCode, 201, 'before the first sample');
    await new Promise((r) => setTimeout(r, 1300));
    assert.equal(app.isUnderPressure(), true);
    const res = await app.inject({ method: 'POST', url: '/v1/conversations' });
    assert.equal(res.statusCode, 503);
    errorShape(res.json(), 'service_unavailable');
    assert.equal(res.headers['retry-after'], String(PRESSURE_RETRY_AFTER_SECONDS));
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal((await app.inject({ method: 'GET', url: '/v1/nothing' })).statusCode, 503, '404s are shed too');
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    assert.equal(ready.statusCode, 503, 'not ready while shedding: the balancer sends visitors elsewhere');
    assert.deepEqual(ready.json(), { status: 'not_ready', database: 'ok', panel: 'closed', panelKey: 'unchecked', load: 'shedding' });
    assert.equal((await app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200, 'still alive: nothing restarts it');
    assert.equal((await app.inject({ method: 'GET', url: '/metrics' })).statusCode, 200);
  });

  it('by default sheds on a 1 s event-loop delay only, and is not under pressure at rest', async (t) => {
    const { app } = await buildTestApp(t);
    assert.equal(app.isUnderPressure(), false);
    assert.equal((await app.inject({ method: 'POST', url: '/v1/conversations' })).statusCode, 201);
    assert.equal((await app.inject({ method: 'GET', url: '/readyz' })).json().load, 'ok');
  });
});

describe('server timeouts', () => {
  it('are set: request deadline, idle timeout, keep-alive, headers, router limit', async (t) => {
    const { app } = await buildTestApp(t);
    assert.equal(app.server.requestTimeout, 30_000);
    assert.equal(app.server.headersTimeout, 30_000);
    assert.equal(app.server.timeout, 60_000);
    assert.equal(app.server.keepAliveTimeout, KEEP_ALIVE_TIMEOUT_MS);
    assert.equal(app.initialConfig.connectionTimeout, 60_000);
    const custom = await buildTestApp(t, { env: { HTTP_REQUEST_TIMEOUT_MS: '5000', HTTP_CONNECTION_TIMEOUT_MS: '20000' } });
    assert.equal(custom.app.server.requestTimeout, 5000);
    assert.equal(custom.app.server.timeout, 20_000);
  });

  it('refuses timeouts below a second in the configuration', async (t) => {
    await assert.rejects(buildTestApp(t, { env: { HTTP_REQUEST_TIMEOUT_MS: '0' } }), /HTTP_REQUEST_TIMEOUT_MS/);
  });

  async function listening(t: TestContext, env: Record<string, string>) {
    const testApp = await buildTestApp(t, { env });
    await testApp.app.listen({ port: 0, host: '127.0.0.1' });
    const address = testApp.app.server.address();
    assert.ok(address && typeof address === 'object');
    return { ...testApp, port: address.port };
  }

  /** Resolves with when (ms after the call) the server closed the socket, or rejects after `limitMs`. */
  const closedWithin = (socket: ReturnType<typeof connect>, limitMs: number) => new Promise<{ ms: number; data: string }>((resolve, reject) => {
    const started = Date.now();
    let data = '';
    socket.on('data', (chunk) => { data += chunk.toString('latin1'); });
    const timer = setTimeout(() => reject(new Error(`socket still open after ${limitMs} ms`)), limitMs);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ ms: Date.now() - started, data });
    });
    socket.on('error', () => undefined);
  });

  it('an idle connection is closed after the idle timeout, but an event stream outlives it and still delivers', async (t) => {
    const { app, port } = await listening(t, { HTTP_CONNECTION_TIMEOUT_MS: '1000' });
    const idle = connect(port, '127.0.0.1');
    // 15 s only catches a socket left open for good; the lower bound is what the timeout promises.
    const closed = await closedWithin(idle, 15_000);
    assert.ok(closed.ms >= 900, `closed after ${closed.ms} ms`);

    const c = await open(app);
    const chunks: string[] = [];
    let ended = false;
    const stream = httpRequest({ host: '127.0.0.1', port, path: `/v1/conversations/${c.id}/events`, headers: { authorization: `Bearer ${c.token}`, accept: 'text/event-stream' } });
    t.after(() => stream.destroy());
    await new Promise<void>((resolve, reject) => {
      stream.on('response', (res) => {
        assert.equal(res.statusCode, 200);
        res.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
        res.on('close', () => { ended = true; });
        resolve();
      });
      stream.on('error', reject);
      stream.end();
    });
    // Three idle timeouts later the stream is still open (heartbeats keep it alive) and delivers.
    await new Promise((r) => setTimeout(r, 3000));
    assert.equal(ended, false, 'the stream was cut');
    assert.ok(chunks.join('').includes(': ping'), 'heartbeats were sent');
    const turn = await app.inject({ method: 'POST', url: `/v1/conversations/${c.id}/messages`, headers: c.auth, payload: { text: 'hello' } });
    assert.equal(turn.statusCode, 200);
    while (!chunks.join('').includes('event: message') && !ended) await new Promise((r) => setTimeout(r, 20));
    assert.match(chunks.join(''), /event: message/);
  });

  it('a slow sender (one header byte at a time) gets 408 after the request deadline', async (t) => {
    const { port } = await listening(t, { HTTP_REQUEST_TIMEOUT_MS: '1000', HTTP_CONNECTION_TIMEOUT_MS: '10000' });
    const socket = connect(port, '127.0.0.1');
    const drip = 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ' + 'a'.repeat(200);
    let i = 0;
    const timer = setInterval(() => {
      if (!socket.destroyed && i < drip.length) socket.write(drip[i++] as string);
    }, 100);
    t.after(() => clearInterval(timer));
    // The 408 is the request deadline's answer (the 10 s idle timeout would close without one, and
    // the drip would last 20 s); 15 s only catches a socket left open.
    const closed = await closedWithin(socket, 15_000);
    clearInterval(timer);
    assert.match(closed.data, /^HTTP\/1\.1 408/);
  });
});
