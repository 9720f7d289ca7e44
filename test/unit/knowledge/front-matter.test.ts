import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFrontMatter } from '../../../src/knowledge/front-matter.js';

test('reads ordinary YAML: scalars, quoted strings, flow and block lists, maps, folded text and comments', () => {
  const doc = parseFrontMatter(
    [
      '---',
      'title: "A: B"',
      'count: 30',
      'flag: true',
      'tags: [a, "b c", 429]',
      'empty: []',
      '# a comment',
      'steps:',
      '  - one',
      '  - two',
      'nested: { key: value }',
      'folded: >',
      '  first line',
      '  second line',
      '---',
      'Body',
      '',
    ].join('\n'),
  );
  assert.deepEqual(doc.data, {
    title: 'A: B',
    count: 30,
    flag: true,
    tags: ['a', 'b c', 429],
    empty: [],
    steps: ['one', 'two'],
    nested: { key: 'value' },
    folded: 'first line second line\n',
  });
  assert.equal(doc.body, 'Body\n');
});

test('uses the YAML 1.2 core schema: "no" and "on" stay words', () => {
  assert.deepEqual(parseFrontMatter('---\nanswer: no\nswitch: on\n---\n').data, { answer: 'no', switch: 'on' });
});

test('accepts CRLF line ends and an empty header', () => {
  assert.deepEqual(parseFrontMatter('---\r\ntitle: x\r\n---\r\nBody\r\n'), { data: { title: 'x' }, body: 'Body\r\n' });
  assert.deepEqual(parseFrontMatter('---\n---\nBody'), { data: {}, body: 'Body' });
});

test('rejects what is not a well-formed YAML map instead of guessing', () => {
  assert.throws(() => parseFrontMatter('no header'), /missing front matter/);
  assert.throws(() => parseFrontMatter('---\ntitle: x\nBody without a closing fence'), /missing front matter/);
  assert.throws(() => parseFrontMatter('---\na: 1\na: 2\n---\n'), /front matter/);
  assert.throws(() => parseFrontMatter('---\na: [1, 2\n---\n'), /front matter/);
  assert.throws(() => parseFrontMatter('---\na: "unclosed\n---\n'), /front matter/);
  assert.throws(() => parseFrontMatter('---\n- a\n- b\n---\n'), /map/);
  assert.throws(() => parseFrontMatter('---\njust words\n---\n'), /map/);
});
