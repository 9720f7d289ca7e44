// Facts only ever grant permission: giving the guard more facts never adds a violation. The reply
// guard relies on it (turn/guard-replies.ts checks constant templates once, with only their
// own wording as facts), and so does every caller that adds the visitor's words to the facts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkReply, type GuardViolation } from '../../../src/guard/index.js';
import { loadTemplates } from '../../../src/replies/templates.js';
import { mustBlock, mustPass } from '../../helpers/guard-corpus.js';
import { builtInPrompts } from '../../../src/prompts.js';

const key = (v: GuardViolation) => `${v.ruleId} ${v.evidence}`;
const violations = (text: string, facts: string[]) => new Set(checkReply(text, { facts }).map(key));

const TX = `0x${'ab'.repeat(32)}`;
const passes = mustPass();
const texts = [
  // Replies that draw on facts: references, numbers and dates the facts may or may not hold.
  'Your payment pi_3MtwBwLkdIwHu7ix28a3tqPa is on record.',
  `Transaction ${TX} is on the chain.`,
  'Order 4829113 is In progress: 850 of 1000 left to deliver, charged 2.50 USD.',
  'You paid on 2024-05-01, and the order should finish by 2024-05-03.',
  ...mustBlock().map((b) => b.text),
  ...passes.map((p) => p.text),
  ...[...loadTemplates(builtInPrompts.folder('replies')).values()].map((t) => t.body),
];
// Facts of the kinds a turn passes: panel data, payment records, policy wording, and fragments
// holding the references, numbers and dates the replies above draw on.
const factKinds = [
  'order 4829113 status In progress, 1000 followers, charge 2.50 USD, start count 150, remains 850',
  'You paid on 2024-05-01 with reference TXN-88231-AB',
  'refill window 30 days; refunds to balance only; average time 24 hours',
  'payment pi_3MtwBwLkdIwHu7ix28a3tqPa',
  `deposit ${TX}`,
  'finishes by 2024-05-03',
  'sk_live_51HxExample000000000000',
  '4111 1111 1111 1111',
];
// For the generated sets: those, the corpus's own facts, and the texts themselves (a reply restating the visitor).
const factPool = [...factKinds, ...passes.flatMap((p) => p.facts), ...texts];

test('one more fact of any kind never adds a violation (every corpus reply and template)', () => {
  for (const text of texts) {
    const none = violations(text, []);
    for (const fact of [...factKinds, text]) {
      for (const v of violations(text, [fact])) assert.ok(none.has(v), `${JSON.stringify(text)}: ${v} appeared with the fact ${JSON.stringify(fact)}`);
    }
  }
});

test('more facts never add a violation (generated fact sets, fast-check)', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...texts),
      fc.subarray(factPool, { maxLength: 4 }),
      fc.subarray(factPool, { minLength: 1, maxLength: 4 }),
      (text, facts, more) => {
        const fewer = violations(text, facts);
        for (const v of violations(text, [...facts, ...more])) assert.ok(fewer.has(v), `${JSON.stringify(text)}: ${v} appeared with more facts`);
      },
    ),
    { numRuns: 2000, seed: 7 },
  );
});

test('a reply checked with its own words as facts keeps its verdict with the visitor words added', () => {
  for (const text of texts) {
    const alone = violations(text, [text]);
    for (const v of violations(text, ['where is my order 4829113? my email is a@b.co', text])) assert.ok(alone.has(v), `${text}: ${v}`);
  }
});
