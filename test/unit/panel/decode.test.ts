import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeAnswer, type RawAnswer } from '../../../src/panel/decode.js';
import { isPanelError, type PanelErrorKind } from '../../../src/panel/errors.js';
import { createScrubber } from '../../../src/panel/scrub.js';

const KEY = 'k3y-canary-0123456789abcdef';
const scrub = createScrubber([KEY]);
const json = (statusCode: number, value: unknown): RawAnswer => ({ statusCode, contentType: 'application/json', text: JSON.stringify(value) });
const raw = (statusCode: number, text: string, contentType = 'text/html'): RawAnswer => ({ statusCode, contentType, text });

function failsWith(answer: RawAnswer, kind: PanelErrorKind): void {
  assert.throws(() => decodeAnswer(answer, scrub), (err) => {
    assert.ok(isPanelError(err));
    assert.equal(err.kind, kind);
    return true;
  });
}

const CLOUDFLARE = '<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>cf-ray: 8a1b</body></html>';

describe('decodeAnswer', () => {
  it('returns the JSON of a 200', () => assert.deepEqual(decodeAnswer(json(200, { balance: '1' }), scrub), { balance: '1' }));
  it('turns 200 + {error} into a classified error', () => failsWith(json(200, { error: 'Invalid API key' }), 'invalid_key'));
  it('parses non-2xx JSON bodies and classifies them', () => {
    failsWith(json(401, { error: 'Invalid API Key' }), 'invalid_key');
    failsWith(json(400, { error: 'Invalid Order Ids' }), 'order_not_found');
    failsWith(json(402, { message: 'Payment Required' }), 'not_enough_funds');
    failsWith(json(401, { message: 'Unauthorized' }), 'invalid_key');
    failsWith(json(500, { message: 'Server Error' }), 'server_error');
    failsWith(json(422, {}), 'invalid_request');
  });
  it('treats Cloudflare challenge pages as cloudflare_challenge, whatever the status', () => {
    failsWith(raw(503, CLOUDFLARE), 'cloudflare_challenge');
    failsWith(raw(403, CLOUDFLARE), 'cloudflare_challenge');
    failsWith(raw(200, CLOUDFLARE), 'cloudflare_challenge');
  });
  it('maps other HTML by status', () => {
    failsWith(raw(502, '<html><body>Bad gateway</body></html>'), 'server_error');
    failsWith(raw(200, '<html><body>hello</body></html>'), 'not_json');
    failsWith(raw(503, '<html>Down for maintenance</html>'), 'maintenance');
  });
  it('treats broken and empty JSON as not_json (server_error on 5xx)', () => {
    failsWith(raw(200, '{"status":"Compl', 'application/json'), 'not_json');
    failsWith(raw(200, '[{"service":1,},]', 'application/json'), 'not_json');
    failsWith(raw(200, '', 'application/json'), 'not_json');
    failsWith(raw(500, '', 'application/json'), 'server_error');
  });
  it('reads JSON after PHP notices', () => {
    const text = '<br />\n<b>Warning</b>: Undefined index in /var/www/api.php on line 12<br />\n{"balance":"2.5","currency":"USD"}';
    assert.deepEqual(decodeAnswer(raw(200, text, 'text/html; charset=UTF-8'), scrub), { balance: '2.5', currency: 'USD' });
  });
  it('unwraps the {data,success,...} envelope and honours success:false', () => {
    assert.deepEqual(decodeAnswer(json(200, { success: true, data: { balance: '3' }, error: null, code: 0 }), scrub), { balance: '3' });
    failsWith(json(200, { success: false, message: 'Invalid API key', data: null }), 'invalid_key');
  });
  it('never follows or accepts redirects', () => failsWith(raw(302, ''), 'redirect'));
  it('scrubs an echoed key from the diagnostic text and carries Retry-After', () => {
    assert.throws(() => decodeAnswer({ ...json(429, { error: `Too many requests for key ${KEY}` }), retryAfterMs: 1000 }, scrub), (err) => {
      assert.ok(isPanelError(err));
      assert.equal(err.retryAfterMs, 1000);
      assert.equal(err.upstreamText?.includes(KEY), false);
      assert.match(err.upstreamText ?? '', /\[redacted\]/);
      return true;
    });
  });
});
