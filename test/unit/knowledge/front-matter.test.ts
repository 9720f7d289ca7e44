import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFrontMatter } from '../../../src/knowledge/front-matter.js';

test('reads scalars, numbers, booleans, quoted strings and flat lists', () => {
  const doc = parseFrontMatter('---\ntitle: "A: B"\ncount: 30\nflag: true\ntags: [a, "b c", d]\nempty: []\n---\nBody\n');
  assert.deepEqual(doc.data, { title: 'A: B', count: 30, flag: true, tags: ['a', 'b c', 'd'], empty: [] });
  assert.equal(doc.body, 'Body\n');
});

test('rejects what it does not understand instead of guessing', () => {
  assert.throws(() => parseFrontMatter('no header'));
  assert.throws(() => parseFrontMatter('---\n  nested: value\n---\n'));
  assert.throws(() => parseFrontMatter('---\na: 1\na: 2\n---\n'));
  assert.throws(() => parseFrontMatter('---\na: [1, 2\n---\n'));
});
