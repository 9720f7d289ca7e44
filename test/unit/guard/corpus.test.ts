import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkReply, GUARD_RULE_IDS } from '../../../src/guard/index.js';

const here = new URL('./corpus/', import.meta.url);

function lines(name: string): string[] {
  return readFileSync(new URL(name, here), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !l.startsWith('#'));
}

// "\n" in a corpus line stands for a line break (list-numbering cases).
const unescape = (s: string): string => s.replace(/\\n/g, '\n');

const blocks = lines('must-block.txt').map((line) => {
  const bar = line.indexOf(' | ');
  return { rule: line.slice(0, bar).trim(), text: unescape(line.slice(bar + 3).trim()) };
});
const passes = lines('must-pass.txt').map((line) => {
  const [text = '', facts = ''] = line.split(' || ');
  return { text: unescape(text.trim()), facts: facts ? facts.split(' ;; ').map((f) => f.trim()) : [] };
});

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
