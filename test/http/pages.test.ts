import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fromRoot } from '../../src/paths.js';
import { buildTestApp } from '../helpers/test-app.js';

const CSP = "default-src 'self';script-src 'self';style-src 'self';img-src 'self' data:;connect-src 'self';frame-ancestors 'none';base-uri 'none';form-action 'none'";
const demo = { env: { PANEL_URL: '' } }; // no panel configured: demo mode

describe('pages', () => {
  it('serves the widget, embeddable from other origins, with strict headers', async (t) => {
    const { app } = await buildTestApp(t);
    const res = await app.inject({ method: 'GET', url: '/widget.js' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(res.headers['cross-origin-resource-policy'], 'cross-origin');
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['content-security-policy'], CSP);
    assert.equal(res.body, readFileSync(fromRoot('public', 'widget.js'), 'utf8'));
  });

  it('serves the console at /console with the strict CSP and no cross-origin embedding', async (t) => {
    const { app } = await buildTestApp(t);
    const res = await app.inject({ method: 'GET', url: '/console' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(res.headers['content-security-policy'], CSP);
    assert.equal(res.headers['cross-origin-resource-policy'], 'same-origin');
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['referrer-policy'], 'no-referrer');
    assert.ok(res.headers['strict-transport-security']);
    assert.match(res.body, /<title>Parley agent console<\/title>/);
  });

  for (const [url, type] of [
    ['/console.js', 'text/javascript; charset=utf-8'], ['/console.css', 'text/css; charset=utf-8'],
    ['/demo.css', 'text/css; charset=utf-8'], ['/favicon.svg', 'image/svg+xml'],
  ] as const) {
    it(`serves ${url} as ${type}`, async (t) => {
      const { app } = await buildTestApp(t);
      const res = await app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], type);
      assert.equal(res.headers['content-security-policy'], CSP);
    });
  }

  it('answers a repeat request with 304 when the file has not changed', async (t) => {
    const { app } = await buildTestApp(t);
    const first = await app.inject({ method: 'GET', url: '/console.js' });
    const etag = String(first.headers.etag);
    assert.match(etag, /^"[A-Za-z0-9_-]+"$/);
    const again = await app.inject({ method: 'GET', url: '/console.js', headers: { 'if-none-match': etag } });
    assert.equal(again.statusCode, 304);
    assert.equal(again.body, '');
  });

  it('serves the demo help page at / in demo mode only', async (t) => {
    const demoApp = (await buildTestApp(t, demo)).app;
    const page = await demoApp.inject({ method: 'GET', url: '/' });
    assert.equal(page.statusCode, 200);
    assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(page.headers['content-security-policy'], CSP);
    assert.match(page.body, /<script src="\/widget\.js"/);

    const production = (await buildTestApp(t)).app;
    const none = await production.inject({ method: 'GET', url: '/' });
    assert.equal(none.statusCode, 404);
    assert.equal(none.json().error.code, 'not_found');
  });

  it('serves nothing outside the allow-list', async (t) => {
    const { app } = await buildTestApp(t, demo);
    for (const url of ['/index.html', '/console.html', '/package.json', '/public/widget.js', '/../src/app.ts', '/%2e%2e/package.json', '/.env.example']) {
      const res = await app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 404, url);
    }
  });

  it('leaves the JSON API without the page headers', async (t) => {
    const { app } = await buildTestApp(t);
    const res = await app.inject({ method: 'POST', url: '/v1/conversations' });
    assert.equal(res.statusCode, 201);
    assert.equal(res.headers['content-security-policy'], undefined);
  });
});
