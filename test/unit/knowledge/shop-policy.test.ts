import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkReply } from '../../../src/guard/index.js';
import { loadShopPolicy, parseShopPolicy } from '../../../src/knowledge/index.js';

const path = fileURLToPath(new URL('../../../prompts/policy/shop-policy.md', import.meta.url));

test('loads machine-readable values and the quoted sections', () => {
  const policy = loadShopPolicy({ path });
  assert.equal(policy.refillWindowDays, 30);
  assert.equal(policy.refundsDecidedBy, 'staff');
  assert.equal(policy.stalledAfterHours, 72);
  for (const s of ['refills', 'refunds', 'cancels', 'affiliate-payouts', 'delivery-times'] as const) {
    assert.ok(policy.sections[s].length > 20, s);
  }
  assert.match(policy.sections.refills, /30 days/);
});

test('every policy section passes the guard with the policy as facts', () => {
  const policy = loadShopPolicy({ path });
  const facts = [readFileSync(path, 'utf8')];
  for (const [name, text] of Object.entries(policy.sections)) assert.deepEqual(checkReply(text, { facts }), [], name);
});

test('rejects a policy whose text disagrees with its refill window, or that lacks a section', () => {
  const text = readFileSync(path, 'utf8');
  assert.throws(() => parseShopPolicy(text.replace('refillWindowDays: 30', 'refillWindowDays: 14')), /window of 14 days/);
  assert.throws(() => parseShopPolicy(text.replace('## Cancels', '## Something else')), /cancels/);
  assert.throws(() => parseShopPolicy(text.replace('refillWindowDays: 30', 'refillWindowDays: soon')));
  assert.throws(() => parseShopPolicy(text.replace('stalledAfterHours: 72', 'stalledAfterHours: 48')), /48 hours/);
});
