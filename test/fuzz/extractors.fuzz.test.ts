// Property-based fuzzing of the understanding stage (security.md group D): extractEntities, redact
// and understand never throw and stay fast on any input; redaction output never carries a
// Luhn-valid card number or a long hex token, and redaction is idempotent. Fixed seed, bounded runs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { extractEntities } from '../../src/understanding/entities.js';
import { MAX_TEXT_CHARS } from '../../src/understanding/limits.js';
import { passesLuhn } from '../../src/understanding/luhn.js';
import { redact } from '../../src/understanding/redact.js';
import { loadUnderstander } from '../../src/understanding/understand.js';
import { INTENTS, ROLES } from '../../src/understanding/vocabulary.js';
import { cpuMs } from '../helpers/cpu-time.js';

const RUNS = 400;
const SEED = 7_031_991;
/** CPU ms per call (test/helpers/cpu-time.ts), generous: the stage is linear-time by design. */
const MAX_MS = 50;

// ---- arbitraries -------------------------------------------------------------------------------

const luhnDigit = (digits: number[]): number => {
  // The check digit that makes `digits + d` pass.
  for (let d = 0; d <= 9; d++) if (passesLuhn([...digits, d].join(''))) return d;
  return 0;
};
/** A Luhn-valid card number of 13–19 digits, printed plain or in groups of 4 with spaces or dashes. */
const card = fc.tuple(fc.integer({ min: 12, max: 18 }), fc.constantFrom('', ' ', '-'), fc.integer({ min: 1, max: 9 }))
  .chain(([n, sep, first]) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n - 1, maxLength: n - 1 }).map((rest) => {
    const body = [first, ...rest];
    const digits = [...body, luhnDigit(body)].join('');
    return sep ? digits.replace(/(\d{4})(?=\d)/g, `$1${sep}`) : digits;
  }));
const hexOf = (min: number, max: number) => fc.integer({ min, max }).chain((n) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: n, maxLength: n }))
  .filter((h) => /\d/.test(h) && /[a-f]/.test(h) && h.length !== 64);
/**
 * 32–400 hex characters. redact.ts has no length cap on a token (BARE_TOKEN, KEY_AFTER_WORD): a long
 * one is redacted whole. The only 128 left there is MAX_PAYMENT_REFERENCE, the longest token it will
 * take for a payment reference next to a payment word; these messages carry no payment words.
 */
const hexToken = hexOf(32, 400);
const words = fc.constantFrom(
  'my', 'order', 'is', 'late', 'card', 'number', 'api', 'key', 'token', 'password', 'refund', 'please', 'email', 'id',
  'where', 'status', '#', ':', ',', '.', '(', ')', '"', "'", '\n', '\t', 'https://ig.com/p/abc', 'a@b.co', '12345', '100k',
);
/** Messages built from words, cards, hex tokens and random strings, joined by assorted separators. */
const message = fc.array(fc.oneof(
  { weight: 6, arbitrary: words },
  { weight: 2, arbitrary: card },
  { weight: 2, arbitrary: hexToken },
  { weight: 2, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('0', '1', '9', ' ', '-', '.', '4'), maxLength: 40 }) },
), { maxLength: 30 }).chain((parts) => fc.array(fc.constantFrom(' ', ' ', ' ', ', ', ': ', '\n', '  '), { minLength: parts.length, maxLength: parts.length })
  .map((seps) => parts.map((p, i) => `${p}${seps[i]}`).join('')));
/** Anything at all, including huge and pathological inputs for the regular expressions. */
const anyText = fc.oneof(
  message,
  fc.string({ maxLength: 500 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ maxLength: 20_000 }),
  fc.tuple(fc.constantFrom('1', '1 ', '1-', 'a', 'a1', 'key ', 'password is ', '@', 'http://', '.', '#', 'x@'), fc.integer({ min: 100, max: 30_000 }))
    .map(([unit, n]) => unit.repeat(Math.ceil(n / unit.length))),
);

// ---- checks ------------------------------------------------------------------------------------

/**
 * Card numbers as docs/understanding.md defines them, standing as their own token: 13–19 digits that
 * pass Luhn and do not start with 0, printed unbroken or the way a card is printed (one separator
 * throughout: fours with a shorter or equal last group, or 4-6-5 / 4-6-4), and not a list of round
 * numbers. Separate numbers that happen to add up to a Luhn-valid run (two order IDs side by side,
 * amounts) are left by design, so the oracle does not ask for them.
 */
const CARD_LAYOUT = /(?<![A-Za-z0-9])(?:\d{13,19}|\d{4}([ -])\d{4}\1\d{4}(?:\1\d{4})?(?:\1\d{1,4})?|\d{4}([ -])\d{6}\2\d{4,5})(?![A-Za-z0-9]|[ -]?\d)/g;
const ROUND_GROUP = /^[1-9]\d*00$/;
const luhnCards = (text: string): string[] =>
  [...text.matchAll(CARD_LAYOUT)].map((m) => m[0]).filter((m) => {
    const groups = m.split(/[ -]/);
    const digits = groups.join('');
    const amounts = groups.length > 1 && groups.every((g) => ROUND_GROUP.test(g));
    return digits.length >= 13 && digits.length <= 19 && !digits.startsWith('0') && !amounts && passesLuhn(digits);
  });
/**
 * 32+ hex characters with both digits and letters: the shape of API keys and tokens. Exactly 64 hex
 * is excluded on purpose: redact.ts keeps it as a payment transaction hash unless called a key.
 */
const hexRuns = (text: string): string[] =>
  [...text.matchAll(/[0-9a-f]{32,}/gi)].map((m) => m[0]).filter((h) => /\d/.test(h) && /[a-f]/i.test(h) && h.length !== 64);

function timed<T>(what: string, input: string, fn: () => T): T {
  let result!: T;
  const took = cpuMs(() => { result = fn(); });
  assert.ok(took < MAX_MS, `${what} took ${took.toFixed(1)} ms of CPU on ${JSON.stringify(input.slice(0, 80))}… (${input.length} chars)`);
  return result;
}

describe('understanding fuzzing (fast-check, fixed seed)', () => {
  const understander = loadUnderstander();
  // Warm the JIT so the time bound measures the algorithm, not the first compilation.
  for (let i = 0; i < 50; i++) understander.understand(redact(`warm up ${i} order 12345 a@b.co`).text);

  it('extractEntities never throws, stays fast and returns strings only', () => {
    fc.assert(fc.property(anyText, (text) => {
      const entities = timed('extractEntities', text, () => extractEntities(text));
      for (const values of Object.values(entities)) {
        assert.ok(Array.isArray(values));
        for (const v of values) assert.equal(typeof v, 'string');
      }
    }), { numRuns: RUNS, seed: SEED });
  });

  it('redact never throws, stays fast, and leaves no Luhn-valid card or long hex token', () => {
    fc.assert(fc.property(anyText, (text) => {
      const { text: out, secrets } = timed('redact', text, () => redact(text));
      assert.deepEqual(luhnCards(out), [], `card left in ${JSON.stringify(out.slice(0, 200))}`);
      assert.deepEqual(hexRuns(out), [], `hex token left in ${JSON.stringify(out.slice(0, 200))}`);
      assert.ok(secrets.every((s) => ['api_key', 'password', 'card_number'].includes(s)));
    }), { numRuns: RUNS, seed: SEED + 1 });
  });

  it('redacts every planted card and hex token, wherever it sits in a message', () => {
    fc.assert(fc.property(message, fc.oneof(card, hexToken), message, (before, secret, after) => {
      // One space on each side, so a card can directly follow another number ("12345 4111 …"): a run
      // of digit groups is cut into cards (findCards in redact.ts).
      const text = `${before.trimEnd()} ${secret} ${after}`;
      const out = redact(text).text;
      assert.ok(!out.includes(secret), `${JSON.stringify(secret)} survived in ${JSON.stringify(out.slice(0, 200))}`);
    }), { numRuns: RUNS, seed: SEED + 2 });
  });

  it('is idempotent: redacting redacted text changes nothing, and the output fits the text limit', () => {
    fc.assert(fc.property(anyText, (text) => {
      const once = redact(text).text;
      assert.ok(once.length <= MAX_TEXT_CHARS, `${once.length} characters`);
      assert.equal(redact(once).text, once);
    }), { numRuns: RUNS, seed: SEED + 3 });
  });

  // Gaps this fuzzing found in src/understanding/redact.ts, once recorded here as todo tests; closed.
  it('redacts hex tokens longer than 128 characters', () => {
    fc.assert(fc.property(message, hexOf(129, 400), message, (before, secret, after) => {
      assert.ok(!redact(`${before} ${secret} ${after}`).text.includes(secret), `a ${secret.length}-character hex token survived`);
    }), { numRuns: 100, seed: SEED + 5, endOnFailure: true });
  });

  it('redacts two card numbers separated by a single space', () => {
    fc.assert(fc.property(card, card, (a, b) => {
      const out = redact(`cards ${a} ${b}`).text;
      assert.ok(!out.includes(a) && !out.includes(b), out);
    }), { numRuns: 100, seed: SEED + 6, endOnFailure: true });
  });

  it('is idempotent even when redaction grows the text past the limit', () => {
    // Hundreds of short passwords: each 3-character value becomes the 10-character "[redacted]", so
    // redacting the whole input would overshoot MAX_TEXT_CHARS and redact() has to cut it first.
    const shortSecrets = fc.array(fc.constantFrom('pw=abc', 'pass: q9z', 'pwd=x1y', 'password is k7m'), { minLength: 250, maxLength: 450 })
      .map((parts) => parts.join(' '));
    fc.assert(fc.property(message, shortSecrets, (before, secrets) => {
      const text = `${before}${secrets}`;
      const once = redact(text).text;
      assert.ok(once.length <= MAX_TEXT_CHARS, `${once.length} characters`);
      assert.equal(redact(once).text, once);
    }), { numRuns: 100, seed: SEED + 7, endOnFailure: true });
  });

  it('understand never throws, stays fast and answers in the closed vocabularies', () => {
    fc.assert(fc.property(anyText, (text) => {
      const redacted = redact(text).text;
      const u = timed('understand', redacted, () => understander.understand(redacted));
      assert.ok((INTENTS as readonly string[]).includes(u.intent));
      assert.ok((ROLES as readonly string[]).includes(u.role));
      assert.ok(u.confidence >= 0 && u.confidence <= 1 && Number.isFinite(u.confidence));
      assert.ok(u.roleConfidence >= 0 && u.roleConfidence <= 1);
    }), { numRuns: RUNS, seed: SEED + 4 });
  });
});
