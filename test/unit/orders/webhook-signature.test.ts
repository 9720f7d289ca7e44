import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { signatureHeader, signPayload, verifySignature } from '../../../src/orders/webhook-signature.js';

const SECRET = 'whsec_test';
const NOW = 1_700_000_000;
const body = Buffer.from('{"id":"evt_1"}');
const check = (header: string | undefined, secrets = [SECRET], nowSeconds = NOW) => verifySignature({ header, body, secrets, nowSeconds });

describe('webhook signature', () => {
  it('matches the known-answer vectors (security.md §4 and GitHub’s)', () => {
    assert.equal(signPayload(SECRET, NOW, body), 'c89214b5b5da833daed6f0b8c5bb6bd58cea9022bd80ccc78230f3942d632925');
    assert.equal(createHmac('sha256', "It's a Secret to Everybody").update('Hello, World!').digest('hex'), '757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17');
  });

  it('accepts a valid header, any v1 and either rotation secret, and ignores other schemes', () => {
    const sig = signPayload(SECRET, NOW, body);
    assert.deepEqual(check(`t=${NOW},v1=${sig}`), { ok: true, timestamp: NOW });
    assert.ok(check(`t=${NOW},v0=deadbeef,v1=${'0'.repeat(64)},v1=${sig}`).ok);
    assert.ok(check(signatureHeader(['old-secret'], NOW, body), [SECRET, 'old-secret']).ok);
    assert.ok(check(` t=${NOW} , v1=${sig.toUpperCase()} `).ok);
  });

  it('accepts exactly ±300 s and rejects 301 s either way', () => {
    const at = (t: number) => `t=${t},v1=${signPayload(SECRET, t, body)}`;
    assert.ok(check(at(NOW - 300)).ok);
    assert.ok(check(at(NOW + 300)).ok);
    assert.deepEqual(check(at(NOW - 301)), { ok: false, reason: 'stale' });
    assert.deepEqual(check(at(NOW + 301)), { ok: false, reason: 'future' });
  });

  const sig = signPayload(SECRET, NOW, body);
  for (const [name, header, reason] of [
    ['missing', undefined, 'missing'],
    ['empty', '', 'missing'],
    ['no t', `v1=${sig}`, 'malformed'],
    ['no v1', `t=${NOW}`, 'no_v1'],
    ['only v0 (downgrade)', `t=${NOW},v0=${sig}`, 'no_v1'],
    ['only v2', `t=${NOW},v2=${sig}`, 'no_v1'],
    ['t=abc', `t=abc,v1=${sig}`, 'malformed'],
    ['t=1e9', `t=1e9,v1=${sig}`, 'malformed'],
    ['t=-5', `t=-5,v1=${sig}`, 'malformed'],
    ['t=+5', `t=+5,v1=${sig}`, 'malformed'],
    ['t=1.5', `t=1.5,v1=${sig}`, 'malformed'],
    ['empty t', `t=,v1=${sig}`, 'malformed'],
    ['duplicate t', `t=${NOW},t=${NOW},v1=${sig}`, 'malformed'],
    ['short v1', `t=${NOW},v1=ab`, 'malformed'],
    ['63 hex', `t=${NOW},v1=${sig.slice(1)}`, 'malformed'],
    ['65 hex', `t=${NOW},v1=${sig}0`, 'malformed'],
    ['non-hex', `t=${NOW},v1=${'z'.repeat(64)}`, 'malformed'],
    ['no equals', `t=${NOW},v1`, 'malformed'],
    ['t changed, old signature', `t=${NOW + 1},v1=${sig}`, 'mismatch'],
    ['unknown secret', signatureHeader(['another-secret'], NOW, body), 'mismatch'],
    ['over-long header', `t=${NOW},${`v0=${'a'.repeat(64)},`.repeat(20)}v1=${sig}`, 'malformed'],
  ] as const) {
    it(`rejects ${name} without throwing`, () => assert.deepEqual(check(header), { ok: false, reason }));
  }

  it('verifies the exact bytes: a re-serialised or one-byte-different body fails', () => {
    const header = `t=${NOW},v1=${sig}`;
    for (const other of ['{"id": "evt_1"}', '{"id":"evt_1"}\n', '{"id":"evt_2"}', '{"id":"\\u0065vt_1"}']) {
      assert.equal(verifySignature({ header, body: Buffer.from(other), secrets: [SECRET], nowSeconds: NOW }).ok, false, other);
    }
  });
});
