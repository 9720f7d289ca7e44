import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hashToken, newToken, tokenMatches, UNMATCHABLE_HASH } from '../../../src/security/tokens.js';

describe('tokens', () => {
  it('are unique, prefixed and carry at least 128 random bits', () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => newToken('visitor')));
    assert.equal(tokens.size, 1000);
    for (const t of tokens) {
      assert.match(t, /^pv_/);
      assert.ok(Buffer.from(t.slice(3), 'base64url').length >= 16);
    }
    assert.match(newToken('agent'), /^pa_/);
  });

  it('match only their own hash', () => {
    const a = newToken('visitor');
    const b = newToken('visitor');
    assert.equal(tokenMatches(a, hashToken(a)), true);
    assert.equal(tokenMatches(b, hashToken(a)), false);
    assert.equal(tokenMatches('', hashToken(a)), false);
    assert.equal(tokenMatches(a, UNMATCHABLE_HASH), false);
    assert.equal(tokenMatches(a, Buffer.alloc(5)), false, 'a stored hash of the wrong length never matches');
  });
});
