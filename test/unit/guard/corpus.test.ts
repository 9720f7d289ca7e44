import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkReply, GUARD_RULE_IDS } from '../../../src/guard/index.js';
import { mustBlock, mustPass } from '../../helpers/guard-corpus.js';

const blocks = mustBlock();
const passes = mustPass();

test('the corpus holds at least 200 phrasings, on both sides of the line', () => {
  assert.ok(blocks.length + passes.length >= 200, `${blocks.length + passes.length} lines`);
  assert.ok(blocks.length >= 100 && passes.length >= 100);
  for (const b of blocks) assert.ok((GUARD_RULE_IDS as readonly string[]).includes(b.rule), `unknown rule ${b.rule}`);
  for (const id of GUARD_RULE_IDS) assert.ok(blocks.some((b) => b.rule === id), `no block example for ${id}`);
});

for (const { rule, text } of blocks) {
  test(`blocks [${rule}] ${JSON.stringify(text)}`, () => {
    const ids = checkReply(text, { facts: [] }).map((v) => v.ruleId);
    assert.ok(ids.includes(rule), `expected ${rule}, got ${JSON.stringify(ids)}`);
  });
}

for (const { text, facts } of passes) {
  test(`passes ${JSON.stringify(text)}`, () => {
    assert.deepEqual(checkReply(text, { facts }), []);
  });
}
