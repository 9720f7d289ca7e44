// Lints the help articles in prompts/kb: each section is quoted to a visitor on its own, so each
// must stand alone, stay short, and pass the reply guard by itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkReply } from '../../../src/guard/index.js';
import { splitSentences } from '../../../src/guard/clauses.js';
import { excerptOf } from '../../../src/knowledge/excerpt.js';
import { loadKnowledgeBase, loadShopPolicy } from '../../../src/knowledge/index.js';
import { filesIn } from '../../../src/prompts.js';

const dir = fileURLToPath(new URL('../../../prompts/kb/', import.meta.url));
const kb = loadKnowledgeBase(filesIn(dir, '.md'));
const policy = loadShopPolicy({ path: fileURLToPath(new URL('../../../prompts/policy/shop-policy.md', import.meta.url)) });
const bySlug = new Map(kb.articles().map((a) => [a.slug, a]));
const sectionText = (paragraphs: readonly string[]) => paragraphs.join('\n\n');

test('every article file parses, its slug is its file name, and there are at least 25', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.md'));
  assert.equal(kb.articles().length, files.length);
  for (const a of kb.articles()) assert.ok(files.includes(`${a.slug}.md`), a.slug);
  assert.ok(files.length >= 25, String(files.length));
});

test('the topics of issue 17 each have an article', () => {
  for (const slug of [
    'api-key-safety', 'api-key-leaked', 'api-basics', 'api-errors-key', 'api-errors-request', 'api-rate-limits',
    'api-errors-server', 'api-errors-service-quantity', 'api-errors-link', 'api-errors-order-id', 'api-errors-refill-cancel',
    'order-statuses', 'partial-and-canceled-orders', 'delivery-expectations', 'refills', 'cancellations', 'link-formats',
    'drip-feed', 'deposits', 'payments', 'affiliate-basics', 'affiliate-payouts', 'affiliate-referral-missing',
    'account-takeover', 'account-login', 'woocommerce-connect', 'woocommerce-duplicate-orders', 'woocommerce-find-order',
    'order-creation-failed',
  ]) assert.ok(bySlug.has(slug), slug);
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

test('each common error has its own section whose heading quotes it', () => {
  const headings = kb.articles().flatMap((a) => a.sections.map((s) => s.heading));
  const quoted = headings.flatMap((h) => [...h.matchAll(/"([^"]+)"/g)].map((m) => m[1]));
  for (const message of CATALOGUE.filter((m) => !['Not enough funds', 'neworder.error.link_duplicate', 'Quantity must to be greater than or equal to minimum amount'].includes(m))) {
    assert.ok(quoted.includes(message), message);
  }
});

test('the order statuses article has one section per status, headed by the panel\'s word', () => {
  const headings = bySlug.get('order-statuses')?.sections.map((s) => s.heading) ?? [];
  for (const s of ['Pending', 'Processing', 'In progress', 'Completed', 'Partial', 'Canceled', 'Refunded']) assert.ok(headings.includes(s), s);
});

for (const article of kb.articles()) {
  test(`every section of ${article.slug} stands alone: short, whole, no pointers elsewhere, passes the guard`, () => {
    const facts = [`${article.title}\n${article.body}`];
    for (const section of article.sections) {
      const text = sectionText(section.paragraphs);
      const where = `${article.slug} › ${section.heading}`;
      assert.ok(text.length <= 600, `${where}: ${text.length} characters`);
      const sentences = splitSentences(text).length;
      assert.ok(sentences >= 2 && sentences <= 5, `${where}: ${sentences} sentences`);
      assert.equal(excerptOf(section.paragraphs), text, `${where}: quoted whole`);
      assert.doesNotMatch(text, /\b(?:see|as) (?:above|below)\b|\bmentioned (?:above|earlier)\b|\bthe (?:article|section) on\b|\bthe steps below\b/i, where);
      assert.deepEqual(checkReply(`${section.heading}\n${text}`, { facts }), [], where);
    }
  });
}

test('affiliate articles name no rate, percentage or amount: the affiliate page shows them', () => {
  for (const a of kb.articles().filter((x) => x.slug.startsWith('affiliate-'))) {
    for (const s of a.sections) assert.doesNotMatch(`${s.heading}\n${sectionText(s.paragraphs)}`, /\d|%|\$|€|£|percent\b/i, `${a.slug} › ${s.heading}`);
  }
});

test('every refill window the articles state is the shop policy\'s', () => {
  for (const a of kb.articles()) {
    for (const m of a.body.matchAll(/(\d+) days/g)) assert.equal(Number(m[1]), policy.refillWindowDays, `${a.slug}: ${m[0]}`);
  }
});
