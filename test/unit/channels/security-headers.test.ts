// helmetHeaders: the headers helmet's middleware would set on a response, computed once.
import assert from 'node:assert/strict';
import { createServer, request } from 'node:http';
import { describe, it } from 'node:test';
import helmet from 'helmet';
import { API_HELMET_OPTIONS } from '../../../src/channels/hardening.js';
import { helmetHeaders } from '../../../src/channels/security-headers.js';

/** What helmet itself sets on a real response for `options`, minus the headers Node adds on its own. */
async function headersFromRealResponse(options: Parameters<typeof helmet>[0]): Promise<Record<string, string>> {
  const middleware = helmet(options);
  const server = createServer((req, res) => middleware(req, res, () => res.end()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  try {
    return await new Promise((resolve, reject) => {
      request({ port, host: '127.0.0.1', path: '/' }, (res) => {
        res.resume();
        const own = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);
        resolve(Object.fromEntries(Object.entries(res.headers).filter(([k]) => !own.has(k)).map(([k, v]) => [k, String(v)])));
      }).on('error', reject).end();
    });
  } finally {
    server.close();
  }
}

describe('helmetHeaders', () => {
  it('equals what helmet sets on a live response, for the API options', async () => {
    assert.deepEqual({ ...helmetHeaders(API_HELMET_OPTIONS) }, await headersFromRealResponse(API_HELMET_OPTIONS));
  });

  it('follows the options: a CSP when asked, none when turned off', () => {
    const withCsp = helmetHeaders({ contentSecurityPolicy: { useDefaults: false, directives: { 'default-src': ["'self'"] } } });
    assert.equal(withCsp['content-security-policy'], "default-src 'self'");
    assert.equal(helmetHeaders(API_HELMET_OPTIONS)['content-security-policy'], undefined);
    assert.equal(helmetHeaders(API_HELMET_OPTIONS)['x-frame-options'], 'DENY');
  });
});
