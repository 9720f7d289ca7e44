// The display name an agent is shown to visitors by (docs/handoff.md, "Agent names").
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDisplayName, shownName } from '../../../src/agents/agent-directory.js';

describe('parseDisplayName', () => {
  it('keeps a name of 1-64 characters, trimmed, in any script; counts characters, not UTF-16 units', () => {
    assert.equal(parseDisplayName('  Sam K. '), 'Sam K.');
    assert.equal(parseDisplayName('Zoë Ångström'), 'Zoë Ångström');
    assert.equal(parseDisplayName('李小龙'), '李小龙');
    assert.equal(parseDisplayName('x'), 'x');
    const astral = '𝒮'.repeat(64); // 128 UTF-16 units, 64 characters
    assert.equal(parseDisplayName(astral), astral);
  });

  for (const [why, raw] of [
    ['empty', ''], ['only spaces', '   '], ['65 characters', 'x'.repeat(65)], ['a newline', 'Sam\nK.'], ['a tab', 'Sam\tK.'],
    ['a bell', 'Sam\u0007'], ['a bidi override', 'Sam\u202Eevil'], ['a zero-width space', 'Sa\u200Bm'],
    ['a line separator', 'Sam\u2028K.'], ['a private-use character', 'Sam\uE000'],
  ] as const) {
    it(`refuses ${why}`, () => {
      assert.throws(() => parseDisplayName(raw), (err: Error & { code?: string }) => err.code === 'validation_failed');
    });
  }
});

describe('shownName', () => {
  it('is the display name, else the login name', () => {
    assert.equal(shownName({ name: 'sam', displayName: 'Sam K.' }), 'Sam K.');
    assert.equal(shownName({ name: 'sam', displayName: null }), 'sam');
  });
});
