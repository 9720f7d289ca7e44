import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkReply, GUARD_RULES, GUARD_RULE_IDS, SAFE_REPLY_KEY, SAFE_REPLY_TEXT } from '../../../src/guard/index.js';
import { cpuMs } from '../../helpers/cpu-time.js';

const ids = (text: string, facts: readonly string[] = []) => checkReply(text, { facts }).map((v) => v.ruleId);

test('rules are named data: unique ids, a description each, same order as GUARD_RULE_IDS', () => {
  assert.deepEqual(GUARD_RULES.map((r) => r.id), [...GUARD_RULE_IDS]);
  for (const rule of GUARD_RULES) assert.ok(rule.description.length > 20, rule.id);
});

test('the safe replacement reply passes the guard itself', () => {
  assert.equal(SAFE_REPLY_KEY, 'guard-safe-reply');
  assert.deepEqual(checkReply(SAFE_REPLY_TEXT, { facts: [] }), []);
});

test('numbers compare in canonical form: 1,000 = 1000 = 1k; 0.90 = 0.9', () => {
  assert.deepEqual(ids('You ordered 1k followers.', ['quantity: 1000']), []);
  assert.deepEqual(ids('You ordered 1,000 followers.', ['quantity: 1k']), []);
  assert.deepEqual(ids('You ordered 1000 followers.', ['quantity: 1,000']), []);
  assert.deepEqual(ids('The rate is 0.90.', ['rate: 0.9']), []);
  assert.deepEqual(ids('You ordered 2k followers.', ['quantity: 1000']), ['no-unknown-number']);
});

test('list markers at a line start are ignored, the same digits elsewhere are not', () => {
  assert.deepEqual(ids('Steps:\n1. Copy the link\n2. Send it here'), []);
  assert.deepEqual(ids('Wait 2. Then check'), ['no-unknown-number']);
});

test('identifiers are looked up verbatim in the facts', () => {
  assert.deepEqual(ids('Reference TRX-98765 noted.', ['ref TRX-98765']), []);
  assert.deepEqual(ids('Reference TRX-98766 noted.', ['ref TRX-98765']), ['no-unknown-number']);
});

test('secret evidence names the kind and never echoes the value', () => {
  const v = checkReply('key=5d41402abc4b2a76b9719d911017c592', { facts: [] }).filter((x) => x.ruleId === 'no-secret-shaped-string');
  assert.ok(v.length > 0);
  for (const x of v) assert.ok(!x.evidence.includes('5d41402abc'), x.evidence);
});

test('redaction placeholders are not secrets', () => {
  assert.deepEqual(ids('You sent key=[redacted]; please reset that key.'), []);
});

test('invisible characters and full-width letters do not hide a promise', () => {
  assert.ok(ids('We will re\u200bfund you.').includes('no-refund-promise'));
  assert.ok(ids('Ｗｅ ｗｉｌｌ ｒｅｆｕｎｄ ｙｏｕ.').includes('no-refund-promise'));
  assert.ok(ids('We\u2019ll refund you.').includes('no-refund-promise'));
});

test('a negator in an if-clause does not excuse the promise after it', () => {
  assert.ok(ids("If you aren't happy we will refund you.").includes('no-refund-promise'));
  assert.deepEqual(ids("I can't promise that we will refund you."), []);
});

test('a calendar date restated from the facts is not a deadline; a weekday is', () => {
  assert.deepEqual(ids('You paid on 12/05/2024.', ['I paid on 12/05/2024']), []);
  assert.ok(ids('It will be done by Friday.', ['Friday']).includes('no-delivery-deadline'));
});

test('over-long replies are refused as a whole rather than scanned', () => {
  assert.deepEqual(ids('a'.repeat(9000)), ['reply-too-long']);
});

test('never throws and stays fast on arbitrary input (no catastrophic backtracking)', () => {
  const alphabet = fc.constantFrom(...'ab 1,.-:;!?\n\'will refund never no 0123456789abcdef'.split(''));
  fc.assert(
    fc.property(fc.array(alphabet, { maxLength: 2000 }).map((a) => a.join('')), (text) => {
      return cpuMs(() => checkReply(text, { facts: ['1000'] })) < 250;
    }),
    { numRuns: 150 },
  );
  const nasty = `${'will '.repeat(600)}${'0'.repeat(1200)}${' a'.repeat(1500)}`;
  const used = cpuMs(() => checkReply(nasty, { facts: [] }));
  assert.ok(used < 500, `${used.toFixed(1)} ms of CPU`);
});
