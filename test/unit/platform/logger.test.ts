import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { Readable, Writable } from 'node:stream';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { addToRequestLine, createLogger, pathOf, RequestLogController, scrubLine, scrubSecrets } from '../../../src/observability/logger.js';
import { fromRoot } from '../../../src/paths.js';

describe('logger redaction', () => {
  it('censors secret-named fields at every depth', () => {
    const scrubbed = scrubSecrets({
      authorization: 'Bearer pv_x',
      req: { headers: { authorization: 'Bearer a', 'x-api-key': 'k1', cookie: 'c' } },
      panel: { config: { apiKey: 'k2', nested: [{ token: 't', deeper: { password: 'p', webhookSecret: 's' } }] } },
      conversationId: 'c-1',
    });
    const text = JSON.stringify(scrubbed);
    for (const secret of ['pv_x', 'Bearer a', 'k1', 'k2', '"t"', '"p"', '"s"']) assert.ok(!text.includes(secret), secret);
    // The PostgreSQL URL holds a password, under whichever spelling a caller logs it.
    for (const key of ['DATABASE_URL', 'databaseUrl', 'connectionString']) {
      assert.equal(scrubLine(JSON.stringify({ msg: 'x', config: { [key]: 'postgres://parley:pw-123@db/parley' } })).includes('pw-123'), false, key);
    }
    assert.match(text, /"conversationId":"c-1"/);
  });

  it('writes JSON lines without the secret to a real stream', async () => {
    let out = '';
    const sink = new Writable({ write(chunk: Buffer, _e, done) { out += chunk.toString(); done(); } });
    const log = createLogger('info', sink);
    log.info({ request: { headers: { authorization: 'Bearer pv_secretvalue' } }, key: 'abcdef0123456789abcdef0123456789' }, 'hello');
    log.child({ apiKey: 'child-binding-secret' }).info('child line');
    await new Promise((r) => setImmediate(r));
    const lines = out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(lines.length, 2);
    assert.ok(!out.includes('pv_secretvalue'));
    assert.ok(!out.includes('abcdef0123456789abcdef0123456789'));
    assert.ok(!out.includes('child-binding-secret'));
  });
});

describe('logger fast path', () => {
  const lineOf = (obj: unknown) => `${JSON.stringify(obj)}\n`;

  it('writes a line that names no candidate key exactly as pino made it', () => {
    const line = '{"level":30,"time":1,"reqId":"r-1","conversationId":"c-1","msg":"turn handled"}\n';
    assert.equal(scrubLine(line), line);
  });

  it('scrubs every secret-named key whatever its case or depth, in objects and arrays', () => {
    const names = ['authorization', 'Proxy-Authorization', 'COOKIE', 'set-cookie', 'x-api-key', 'X-Signature', 'parley-signature', 'signature',
      'password', 'passwd', 'PWD', 'secret', 'webhookSecret', 'accessToken', 'tokenHash', 'key', 'apiKey', 'api_key', 'panelApikey', 'private_key', 'x-key'];
    for (const name of names) {
      for (const wrap of [(v: unknown) => ({ [name]: v }), (v: unknown) => ({ a: [{ b: { [name]: v } }] })]) {
        const out = scrubLine(lineOf({ level: 30, ...wrap('s3cr3t-value') }));
        assert.ok(!out.includes('s3cr3t-value'), `${name}: ${out}`);
      }
    }
  });

  it('still cuts objects nested too deep when no candidate word appears', () => {
    let deep: unknown = { leaf: 1 };
    for (let i = 0; i < 10; i++) deep = { n: deep };
    assert.match(scrubLine(lineOf({ level: 30, deep })), /\[too deep\]/);
  });

  it('agrees with the full walk on generated objects (fast-check)', () => {
    const keys = fc.constantFrom('a', 'msg', 'id', 'Key', 'apiKey', 'tok', 'token', 'my-key', 'pass', 'password', 'auth', 'authorization', 'pwd', 'x');
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.dictionary(keys, tie('node'), { maxKeys: 3 }), fc.array(tie('node'), { maxLength: 3 })),
    })).node;
    fc.assert(fc.property(fc.dictionary(keys, value, { maxKeys: 4 }), (obj) => {
      const line = lineOf(obj);
      assert.deepEqual(JSON.parse(scrubLine(line)), scrubSecrets(JSON.parse(line)));
    }), { numRuns: 500 });
  });
});

describe('logger destination (standard output, asynchronous)', () => {
  const KEY = 'sk-live-0123456789abcdef0123456789abcdef';

  // A child process, so the exit is real: a line still queued behind an in-flight write reaches
  // stdout (pino flushes synchronously on exit), scrubbed, even when the process dies of an error.
  for (const [how, ending, code] of [
    ['an ordinary exit', 'process.exitCode = 0;', 0],
    ['process.exit()', 'process.exit(3);', 3],
    ['an uncaught exception (a fatal startup error)', "throw new Error('fatal: could not start');", 1],
  ] as const) {
    it(`reaches stdout on ${how}`, () => {
      const script = [
        `import { createLogger } from ${JSON.stringify(fromRoot('src', 'observability', 'logger.ts'))};`,
        "const log = createLogger('info');",
        `log.info({ apiKey: ${JSON.stringify(KEY)} }, 'before the end');`,
        ending,
      ].join('\n');
      const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: fromRoot(), encoding: 'utf8', timeout: 30_000 });
      assert.equal(r.status, code, r.stderr);
      assert.match(r.stdout, /"msg":"before the end"/);
      assert.ok(!r.stdout.includes(KEY) && !r.stderr.includes(KEY));
      if (code === 1) assert.match(r.stderr, /fatal: could not start/);
    });
  }
});

describe('pathOf', () => {
  it('drops the query string', () => {
    assert.equal(pathOf('/v1/handoffs/events?token=at_secret'), '/v1/handoffs/events');
    assert.equal(pathOf('/v1/x?'), '/v1/x');
    assert.equal(pathOf('/healthz'), '/healthz');
    assert.equal(pathOf(undefined), undefined);
  });
});

describe('request lines (RequestLogController)', () => {
  /** An app logging through the real logger and request-line controller into `lines`. */
  function loggingApp() {
    const lines: Record<string, unknown>[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const app = Fastify({ loggerInstance: createLogger('info', destination) as unknown as FastifyBaseLogger, logController: new RequestLogController() });
    return { app, lines };
  }

  it('report a response stream that failed after its headers at error, with the error', async () => {
    const { app, lines } = loggingApp();
    app.get('/stream', async (_request, reply) => {
      let chunks = 0;
      const body = new Readable({
        read() {
          if (chunks++ < 2) this.push('partial ');
          else this.destroy(new Error('upstream went away'));
        },
      });
      return reply.type('text/plain').send(body);
    });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      await fetch(`${url}/stream`).then((res) => res.text()).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await app.close();
    }
    const line = lines.find((l) => l.url === '/stream');
    assert.equal(line?.level, 50, JSON.stringify(lines));
    assert.equal(line?.msg, 'request errored');
    assert.match(String((line?.err as { message?: string } | undefined)?.message), /upstream went away/);
    assert.equal(lines.filter((l) => l.url === '/stream').length, 1, 'one line for the request');
  });

  it('carry a route\'s fields on the request\'s line, or on a line of their own when the client left before the route finished', async () => {
    const { app, lines } = loggingApp();
    /** Waits for what the test needs next; 10 s only stops the wait, the assertions below then fail. */
    const until = async (done: () => boolean) => {
      for (const stop = Date.now() + 10_000; !done() && Date.now() < stop;) await new Promise((resolve) => setTimeout(resolve, 5));
    };
    let routeStarted!: () => void;
    const slowStarted = new Promise<void>((resolve) => (routeStarted = resolve));
    let finishSlow!: () => void;
    const slowFinished = new Promise<void>((resolve) => (finishSlow = resolve));
    app.get('/quick', async (_request, reply) => {
      addToRequestLine(reply, { turn: { intent: 'greeting' } });
      return { ok: true };
    });
    app.get('/slow', async (_request, reply) => {
      routeStarted();
      // The route finishes after the client has gone and the request's line was written.
      await until(() => lines.some((l) => l.url === '/slow'));
      addToRequestLine(reply, { turn: { intent: 'order_status' } });
      finishSlow();
      return { ok: true };
    });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      await fetch(`${url}/quick`).then((res) => res.text());
      // The client gives up once the route has started, before it has finished.
      const client = new AbortController();
      const leaving = fetch(`${url}/slow`, { signal: client.signal }).catch(() => undefined);
      await slowStarted;
      client.abort();
      await leaving;
      await slowFinished;
      await until(() => lines.some((l) => l.msg === 'request finished after its line'));
    } finally {
      await app.close();
    }
    const quick = lines.filter((l) => l.url === '/quick');
    assert.equal(quick.length, 1);
    assert.deepEqual(quick[0]?.turn, { intent: 'greeting' });
    const slow = lines.filter((l) => l.url === '/slow');
    assert.equal(slow.length, 1);
    assert.equal(slow[0]?.aborted, true);
    const late = lines.find((l) => l.msg === 'request finished after its line');
    assert.deepEqual(late?.turn, { intent: 'order_status' }, JSON.stringify(lines));
    assert.equal(late?.reqId, slow[0]?.reqId, 'the late line names the request');
  });
});
