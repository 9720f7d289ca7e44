import { test } from 'node:test';
import assert from 'node:assert/strict';
import { excerptOf, MAX_EXCERPT_CHARS } from '../../../src/knowledge/excerpt.js';

const sentence = (n: number) => `Sentence number ${n} says one plain thing about the topic.`; // 55 characters

test('a section that fits is quoted whole, paragraphs separated by a blank line', () => {
  assert.equal(excerptOf(['One.', 'Two.\n- item']), 'One.\n\nTwo.\n- item');
});

test('whole paragraphs first; the one that does not fit is cut after its last whole sentence', () => {
  const first = Array.from({ length: 6 }, (_, i) => sentence(i)).join(' ');
  const second = Array.from({ length: 10 }, (_, i) => sentence(i + 6)).join(' ');
  const excerpt = excerptOf([first, second]);
  assert.ok(excerpt.length <= MAX_EXCERPT_CHARS, String(excerpt.length));
  assert.ok(excerpt.startsWith(`${first}\n\n${sentence(6)}`));
  assert.match(excerpt, /topic\.$/);
});

test('a list is cut at the end of an item', () => {
  const items = Array.from({ length: 30 }, (_, i) => `- item ${i} without a full stop`).join('\n');
  const excerpt = excerptOf([items]);
  assert.ok(excerpt.length <= MAX_EXCERPT_CHARS);
  assert.match(excerpt, /full stop$/);
});

test('text without a sentence end early enough is cut at a word and marked', () => {
  const excerpt = excerptOf(['word '.repeat(300)], 50);
  assert.ok(excerpt.length <= 50);
  assert.match(excerpt, /word…$/);
});
