// The guard's speed-ups (a topic trigger tested once per text, each pattern tested once on the
// sentences joined by NUL before being run sentence by sentence, compiled regexes reused) must not
// change a single excerpt. Reference: the plain algorithm, every pattern on every sentence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { API_PATTERNS } from '../../../src/guard/api-patterns.js';
import { findCommitments, isNegated, splitSentences, type PhrasePattern } from '../../../src/guard/clauses.js';
import { DEADLINE_PATTERNS } from '../../../src/guard/deadline-patterns.js';
import { normaliseForGuard } from '../../../src/guard/normalise.js';
import { topicPatterns } from '../../../src/guard/topic-patterns.js';
import { CANCEL_WORDS, COMMISSION_WORDS, CREDIT_WORDS, PAYOUT_WORDS, REFILL_WORDS, REFUND_WORDS } from '../../../src/guard/topics.js';

const NEGATOR = /\b(?:not|never|no|none|nobody|nothing|neither|nor|without|unable|refuse|decline)\b/;
const CLAUSE_BREAK = /[,;:()"]|\s-\s|\b(?:but|however|although|though|yet|and|so|then|otherwise|instead|whereas|while)\b/g;
const STRONG_BREAK = /[;:()"]|\s-\s|\b(?:but|however|although|though|yet|so|then|otherwise|instead|whereas|while)\b/g;
const lastWords = (text: string, n: number) => text.trim().split(/\s+/).slice(-n).join(' ');
function cutAfterLast(text: string, breaks: RegExp): string {
  let cut = 0;
  for (const m of text.matchAll(breaks)) cut = m.index + m[0].length;
  return text.slice(cut);
}
function prefixOf(sentence: string, index: number): string {
  const before = sentence.slice(0, index);
  const prefix = cutAfterLast(before, CLAUSE_BREAK);
  return /\b(?:or|nor)\s*$/.test(prefix) ? cutAfterLast(before, STRONG_BREAK) : prefix;
}
function around(sentence: string, start: number, end: number): string {
  const after = sentence.slice(end);
  const stop = after.search(CLAUSE_BREAK);
  return prefixOf(sentence, start) + sentence.slice(start, end) + (stop === -1 ? after : after.slice(0, stop));
}

/** findCommitments as it was before the speed-ups: no trigger, no joined-text filter. */
function reference(text: string, patterns: readonly PhrasePattern[]): string[] {
  const found: string[] = [];
  for (const sentence of splitSentences(text)) {
    for (const pattern of patterns) {
      const re = new RegExp(pattern.re.source, pattern.re.flags.includes('g') ? pattern.re.flags : `${pattern.re.flags}g`);
      for (const m of sentence.matchAll(re)) {
        const start = m.index;
        const prefix = prefixOf(sentence, start);
        if (isNegated(prefix)) continue;
        if ((pattern.spanNegation ?? true) && NEGATOR.test(m[0])) continue;
        if (pattern.hedge && pattern.hedge.test(lastWords(prefix, 3))) continue;
        if (pattern.requires || pattern.unless) {
          const clause = around(sentence, start, start + m[0].length);
          if (pattern.requires && !pattern.requires.test(clause)) continue;
          if (pattern.unless && pattern.unless.test(clause)) continue;
        }
        found.push(m[0].trim().slice(0, 80));
      }
    }
  }
  return found;
}

const GROUPS: [string, readonly PhrasePattern[]][] = [
  ['refund', topicPatterns(REFUND_WORDS)],
  ['refill', topicPatterns(REFILL_WORDS)],
  ['cancel', topicPatterns(CANCEL_WORDS)],
  ['commission', topicPatterns(COMMISSION_WORDS)],
  ['payout', topicPatterns(PAYOUT_WORDS)],
  ['credit', topicPatterns(CREDIT_WORDS)],
  ['deadline', DEADLINE_PATTERNS],
  ['api', API_PATTERNS],
];

function assertSame(text: string): void {
  const normalised = normaliseForGuard(text);
  for (const [name, patterns] of GROUPS) {
    assert.deepEqual(findCommitments(normalised, patterns), reference(normalised, patterns), `${name}: ${JSON.stringify(text)}`);
  }
}

test('the fast path finds exactly what the plain algorithm finds on the whole corpus', () => {
  for (const file of ['must-block.txt', 'must-pass.txt']) {
    for (const line of readFileSync(new URL(`./corpus/${file}`, import.meta.url), 'utf8').split('\n')) {
      if (!line.trim() || line.startsWith('#')) continue;
      assertSame(line.replace(/^no-[a-z-]+ \| /, '').split(' || ')[0]?.replace(/\\n/g, '\n') ?? '');
    }
  }
});

// Words the patterns are built from, glued by the separators the sentence and clause splitting
// care about, so generated texts cross sentence ends next to look-arounds ("guaranteed\n\nwindow").
const WORDS = [
  'we', 'will', 'i', 'you', 'your', 'the', 'a', 'full', 'refund', 'refunds', 'refunded', 'money back', 'refill', 'refills',
  'topped up', 'cancel', 'cancelled', 'cancellation', 'commission', 'earn', 'payout', 'paid', 'pay you', 'withdraw', 'anytime',
  'credited', 'deposit', 'funds', 'not', 'never', 'no', 'if', 'once', 'can', 'may', 'be', 'get', 'is', 'are', 'has been',
  'approved', 'processed', 'on its way', 'guaranteed', 'guarantee', 'window', 'period', 'as', 'soon', 'shortly', 'within',
  '24', 'hours', '2-3 days', 'by', 'friday', 'tomorrow', 'deliver', 'delivered', 'start', '100%', 'sure', 'am', 'promise',
  'confirm', 'eligible for', 'request', 'rate limit', 'throttled', 'idempotent', 'safe to retry', 'uptime', 'unlimited',
  'requests', 'drop', 'non-drop', 'consider it', 'but', 'and', 'or', 'so', 'of completion', 'ago', 'since', 'the api',
];
const SEPARATORS = [' ', ' ', ' ', ', ', '. ', '.\n', '\n', '\n\n', '; ', '! ', '? ', ' - ', ': ', '\n- ', '\n1. ', '"', '\0'];

test('the fast path finds exactly what the plain algorithm finds on generated texts (fast-check)', () => {
  const piece = fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(...SEPARATORS)).map(([w, s]) => w + s);
  fc.assert(
    fc.property(fc.array(piece, { minLength: 1, maxLength: 40 }).map((a) => a.join('')), (text) => {
      assertSame(text);
    }),
    { numRuns: 3000 },
  );
});

test('each topic pattern contains its trigger (the trigger never hides a match)', () => {
  // Matches found by a pattern alone, in texts written to hit it, always contain the trigger.
  for (const [name, patterns] of GROUPS.slice(0, 6)) {
    for (const pattern of patterns) {
      if (!pattern.trigger) continue;
      for (const word of WORDS) {
        const text = `we will ${word} you a full ${word}, ${word} has been approved`;
        for (const m of text.matchAll(new RegExp(pattern.re.source, 'g'))) assert.ok(pattern.trigger.test(m[0]), `${name}: ${m[0]}`);
      }
    }
  }
});
