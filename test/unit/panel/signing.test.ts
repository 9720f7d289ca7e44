import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { computeSignature, signatureHeaders, verifySignature } from '../../../src/panel/signing.js';

const input = { method: 'post', path: '/api/v2', body: 'key=abc&action=balance', timestampSeconds: 1_790_000_000 };

describe('request signing (seeds/002)', () => {
  it('is hex HMAC-SHA256 over METHOD + path + body + timestamp', () => {
    const expected = createHmac('sha256', 'secret').update('POST/api/v2key=abc&action=balance1790000000').digest('hex');
    assert.equal(computeSignature('secret', input), expected);
    assert.match(expected, /^[0-9a-f]{64}$/);
  });
  it('produces the three headers', () => {
    const headers = signatureHeaders('abc', 'secret', input);
    assert.deepEqual(Object.keys(headers).sort(), ['x-api-key', 'x-signature', 'x-timestamp']);
    assert.equal(headers['x-timestamp'], '1790000000');
  });
  it('verifies within ±300 s and rejects outside, tampering and bad lengths', () => {
    const signature = computeSignature('secret', input);
    const base = { method: 'POST', path: '/api/v2', body: input.body, timestamp: '1790000000', signature };
    assert.equal(verifySignature('secret', { ...base, nowSeconds: 1_790_000_300 }), true);
    assert.equal(verifySignature('secret', { ...base, nowSeconds: 1_790_000_301 }), false);
    assert.equal(verifySignature('secret', { ...base, nowSeconds: 1_789_999_699 }), false);
    assert.equal(verifySignature('secret', { ...base, body: `${input.body}&x=1`, nowSeconds: 1_790_000_000 }), false);
    assert.equal(verifySignature('other', { ...base, nowSeconds: 1_790_000_000 }), false);
    assert.equal(verifySignature('secret', { ...base, signature: signature.slice(1), nowSeconds: 1_790_000_000 }), false);
    assert.equal(verifySignature('secret', { ...base, timestamp: undefined, nowSeconds: 1_790_000_000 }), false);
  });
});
