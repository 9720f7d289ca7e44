// Real sockets the sandbox cannot fake: a raw node:http server that stalls (undici#4107 means
// MockAgent's delay() cannot prove timeouts), a closed port, and a self-signed TLS server.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { createPanelClient, type PanelClientOptions } from '../../src/panel/client.js';
import { isPanelError, type PanelErrorKind } from '../../src/panel/errors.js';

type Behaviour = (res: ServerResponse) => void;

async function listen(t: TestContext, server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return (server.address() as AddressInfo).port;
}

async function stallingPanel(t: TestContext, behaviour: Behaviour): Promise<{ url: string; hits: () => number }> {
  let hits = 0;
  const server = createServer((req, res) => {
    hits += 1;
    req.resume();
    behaviour(res);
  });
  const port = await listen(t, server);
  return { url: `http://127.0.0.1:${port}/api/v2`, hits: () => hits };
}

function client(t: TestContext, url: string, opts: Partial<PanelClientOptions> = {}) {
  const c = createPanelClient({ url, key: 'stall-test-key', timeoutMs: 200, retries: 2, ...opts });
  t.after(() => c.close());
  return c;
}

/** The panel error the call failed with, checked to be of `kind`; its cause says which timer fired. */
async function rejected(promise: Promise<unknown>, kind: PanelErrorKind): Promise<{ cause?: { name?: string; code?: string } }> {
  const err = await promise.then(() => assert.fail(`expected ${kind}`), (e: unknown) => e);
  assert.ok(isPanelError(err), String(err));
  assert.equal(err.kind, kind);
  return err as { cause?: { name?: string; code?: string } };
}

describe('deadlines against a stalling server', () => {
  it('no headers ever: the overall deadline fires even when phase timeouts are long (UP-01)', async (t) => {
    const panel = await stallingPanel(t, () => { /* never answer */ });
    const c = client(t, panel.url, { headersTimeoutMs: 30_000, bodyTimeoutMs: 30_000 });
    const err = await rejected(c.balance(), 'timeout');
    assert.equal(err.cause?.name, 'TimeoutError', 'the overall deadline fired, not a phase timeout');
    assert.equal(panel.hits(), 1, 'a timeout is not retried');
  });
  it('no headers ever: headersTimeout fires first when it is the shorter one', async (t) => {
    const panel = await stallingPanel(t, () => { /* never answer */ });
    const c = client(t, panel.url, { timeoutMs: 5_000, headersTimeoutMs: 100 });
    const err = await rejected(c.balance(), 'timeout');
    assert.equal(err.cause?.code, 'UND_ERR_HEADERS_TIMEOUT', 'the headers timeout fired, not the overall deadline');
  });
  it('body stalls mid-stream: timeout, no partial JSON used (UP-02)', async (t) => {
    const panel = await stallingPanel(t, (res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"balance":"12');
    });
    const c = client(t, panel.url);
    await rejected(c.balance(), 'timeout'); // the body never ends: only a timer ends the call
  });
  it('the breaker turns a stalled panel into fast failures', async (t) => {
    const panel = await stallingPanel(t, () => { /* never answer */ });
    const c = client(t, panel.url, { breaker: { failureThreshold: 2, coolDownMs: 60_000 } });
    await rejected(c.balance(), 'timeout');
    await rejected(c.balance(), 'timeout');
    await rejected(c.balance(), 'breaker_open');
    assert.equal(panel.hits(), 2, 'the third call failed without a request');
  });
});

describe('connection failures', () => {
  it('a closed port is panel_unavailable after bounded retries (UP-03)', async (t) => {
    const server = createServer();
    const port = await listen(t, server);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const waits: number[] = [];
    const c = client(t, `http://127.0.0.1:${port}/api/v2`, { timeoutMs: 2_000, sleep: async (ms) => { waits.push(ms); } });
    await assert.rejects(c.balance(), (err) => isPanelError(err) && err.kind === 'network' && err.code === 'panel_unavailable');
    assert.equal(waits.length, 2);
  });
});

function selfSignedCert(): { key: Buffer; cert: Buffer } | null {
  const dir = mkdtempSync(join(tmpdir(), 'parley-tls-'));
  const result = spawnSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
  ], { stdio: 'ignore', timeout: 60_000 });
  if (result.status !== 0) return null;
  return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
}

describe('TLS', () => {
  const material = selfSignedCert();
  it('a self-signed certificate is refused, so the key is never sent (UP-09)', { skip: material ? false : 'openssl not available' }, async (t) => {
    let requests = 0;
    const server = createTlsServer({ ...material! }, (_req, res) => { requests += 1; res.end('{"balance":"1"}'); });
    const port = await listen(t, server as unknown as Server);
    const c = client(t, `https://127.0.0.1:${port}/api/v2`, { timeoutMs: 1_000, retries: 0 });
    await assert.rejects(c.balance(), (err) => isPanelError(err) && err.kind === 'network');
    assert.equal(requests, 0);
  });
});
