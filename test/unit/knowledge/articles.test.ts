import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { checkReply } from '../../../src/guard/index.js';
import { loadKnowledgeBase, parseArticle } from '../../../src/knowledge/index.js';

const dir = fileURLToPath(new URL('../../../prompts/kb/', import.meta.url));
const kb = loadKnowledgeBase(dir);

test('every article file parses, and its slug is its file name', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.md'));
  assert.equal(kb.articles().length, files.length);
  for (const a of kb.articles()) assert.ok(files.includes(`${a.slug}.md`));
});

test('the required topics each have an article', () => {
  const slugs = new Set(kb.articles().map((a) => a.slug));
  for (const slug of [
    'api-key-safety', 'api-errors-access', 'api-errors-orders', 'order-statuses', 'refills',
    'woocommerce-duplicate-orders', 'woocommerce-connect', 'order-creation-failed', 'affiliate-basics', 'payments',
  ]) assert.ok(slugs.has(slug), slug);
});

// Every message in panel-api.md §3.2 (placeholders like <min> dropped) must be explained somewhere.
const CATALOGUE = [
  'Invalid API key', 'Invalid API Key', 'Your account is not active',
  'API is Disable for this user or User Not Found! Contact the Support', 'Invalid API key format',
  'Too many failed attempts', 'This action is Invalid', 'Invalid action',
  'There are missing required parameters. Please check your API Manual', 'Neither parameter is set',
  'Incorrect service ID', 'Service ID does not exists', 'Invalid Service Id', 'Quantity less than minimal',
  'Quantity more than maximum', 'Quantity must to be greater than or equal to minimum amount',
  'Minimum quantity is', 'Maximum quantity is', 'Not enough funds on balance', 'Insufficient balance',
  'Not enough funds', 'You have active order with this link. Please wait until order being completed.',
  'neworder.error.link_duplicate', 'Bad link', 'Incorrect order ID', 'Invalid Order Id', 'Invalid Order Ids',
  'Order ID is required parameter. Please check your API Manual', 'Maximum 100 orders',
  'Order not eligible for refill.', 'Refill not found', 'Cannot cancel',
  'This services does not support Dripfeed feature!', 'Runs is required', 'Interval time is required',
  'Too many requests', 'Method Not Allowed',
  'There was an error processing your request. Please try again later', 'Incorrect request',
];

test('every error in the panel error catalogue is explained in an article', () => {
  const all = kb.articles().map((a) => a.body).join('\n').replace(/\s+/g, ' ');
  for (const message of CATALOGUE) assert.ok(all.includes(message), message);
});

test('the order statuses article explains every status in plain words', () => {
  const body = kb.articles().find((a) => a.slug === 'order-statuses')?.body ?? '';
  for (const s of ['Pending', 'Processing', 'In progress', 'Completed', 'Partial', 'Canceled', 'Refunded']) {
    assert.match(body, new RegExp(`^## .*${s}`, 'm'), s);
  }
});

for (const article of kb.articles()) {
  test(`article ${article.slug} passes the guard (no commitment, no secret) with its own text as facts`, () => {
    const text = `${article.title}\n${article.body}`;
    assert.deepEqual(checkReply(text, { facts: [text] }), []);
    // Excerpts are what answers quote; each paragraph must pass on its own too.
    for (const p of article.paragraphs) assert.deepEqual(checkReply(p.text, { facts: [text] }), [], p.text);
  });
}

test('articles carry roles, intents and keywords from the shared vocabulary', () => {
  for (const a of kb.articles()) {
    assert.ok(a.roles.length > 0 && a.intents.length > 0 && a.keywords.length > 0, a.slug);
  }
});

test('parseArticle rejects unknown intents, a slug that is not the file name, and missing front matter', () => {
  const good = readFileSync(join(dir, 'refills.md'), 'utf8');
  assert.throws(() => parseArticle('refills', good.replace('intents: [', 'intents: [made_up, ')));
  assert.throws(() => parseArticle('other-name', good));
  assert.throws(() => parseArticle('refills', good.replace(/^---[\s\S]*?---\n/, '')));
});
