import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArticle } from '../../../src/knowledge/index.js';

const HEADER = `---
title: Test article
slug: test-article
roles: [buyer]
intents: [order_status]
keywords: [status, 429]
---
`;

const BODY = `
# Test article

The introduction, wrapped
over two lines.

## First section
<!-- keywords: alpha, beta gamma -->

One paragraph.

Steps:
- a list item that
  continues here
- another item

## Second section
<!-- a note for editors, not a keyword line -->
Text right under the heading.
`;

test('cuts the body into sections: the introduction under the title, then one per ## heading', () => {
  const article = parseArticle('test-article', HEADER + BODY);
  assert.deepEqual(article.sections, [
    { heading: 'Test article', keywords: [], paragraphs: ['The introduction, wrapped over two lines.'] },
    {
      heading: 'First section',
      keywords: ['alpha', 'beta gamma'],
      paragraphs: ['One paragraph.', 'Steps:\n- a list item that continues here\n- another item'],
    },
    { heading: 'Second section', keywords: [], paragraphs: ['Text right under the heading.'] },
  ]);
  assert.deepEqual(article.keywords, ['status', '429'], 'a YAML number is a keyword like any other');
});

test('an article without an introduction starts with its first section', () => {
  const article = parseArticle('test-article', `${HEADER}\n## Only\n\nText.\n`);
  assert.deepEqual(article.sections.map((s) => s.heading), ['Only']);
});

test('rejects what would make a section unfit to be quoted alone', () => {
  const bad: Record<string, string> = {
    'a ### heading': `${HEADER}\n## A\n\nText.\n\n### Deeper\n\nMore.\n`,
    'an empty section': `${HEADER}\n## A\n\n## B\n\nText.\n`,
    'a heading used twice': `${HEADER}\n## A\n\nText.\n\n## A\n\nMore.\n`,
    'a keywords line under text': `${HEADER}\n## A\n\nText.\n<!-- keywords: late -->\n`,
    'a # heading other than the title': `${HEADER}\n# Another title\n\nText.\n`,
    'an unterminated comment': `${HEADER}\n## A\n<!-- keywords: a\n\nText.\n`,
    'no text at all': HEADER,
  };
  for (const [what, text] of Object.entries(bad)) assert.throws(() => parseArticle('test-article', text), /article test-article/, what);
});

test('rejects front matter that is not the article schema', () => {
  const article = HEADER + BODY;
  assert.throws(() => parseArticle('other-name', article), /does not match the file name/);
  assert.throws(() => parseArticle('test-article', article.replace('intents: [', 'intents: [made_up, ')));
  assert.throws(() => parseArticle('test-article', article.replace('roles: [buyer]', 'roles: []')));
  assert.throws(() => parseArticle('test-article', article.replace('slug:', 'colour: blue\nslug:')), /colour/);
  assert.throws(() => parseArticle('test-article', BODY), /missing front matter/);
});

test('marks the sections whose questions also go to a person, and refuses a heading it does not have', () => {
  const marked = HEADER.replace('keywords:', 'escalate: [Second section]\nkeywords:') + BODY;
  assert.deepEqual(parseArticle('test-article', marked).escalate, ['Second section']);
  assert.deepEqual(parseArticle('test-article', HEADER + BODY).escalate, []);
  assert.throws(() => parseArticle('test-article', marked.replace('escalate: [Second section]', 'escalate: [Third section]')), /escalate names "Third section"/);
});
