import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkReply, GUARD_RULE_IDS } from '../../../src/guard/index.js';
import { mustBlock, mustPass } from '../../helpers/guard-corpus.js';

const blocks = mustBlock();
const passes = mustPass();

const corpusFile = (name: string) => readFileSync(new URL(`corpus/${name}`, import.meta.url), 'utf8');

test('the corpus holds the 286 phrasings of issue 5 and 200+ more of issue 18, on both sides of the line', () => {
  assert.ok(blocks.length + passes.length >= 600, `${blocks.length + passes.length} lines`);
  assert.ok(blocks.length >= 350 && passes.length >= 220, `${blocks.length} block, ${passes.length} pass`);
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

test('every language visitors write in has phrasings on both sides of the line', () => {
  for (const file of ['must-block-languages.txt', 'must-pass-meaning.txt']) {
    const text = corpusFile(file);
    for (const lang of ['es', 'pt', 'fr', 'ru', 'tr', 'id', 'ar', 'hi']) assert.match(text, new RegExp(`^# --- ${lang}\\b`, 'm'), `${file}: ${lang}`);
  }
});

test('every obfuscation class of issue 18 has phrasings', () => {
  const text = corpusFile('must-block-obfuscated.txt');
  for (const cls of [/\\u\{4[0-9a-f]{2}\}/, /\| (?:\S+ )*R E F|r\.e\.f/, /\\u\{202e\}/, /\\u\{200[bcd]\}|\\u\{ad\}/]) assert.match(text, cls, String(cls));
});
