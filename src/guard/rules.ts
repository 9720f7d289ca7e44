// The guard's rules, as data: an id the logs and metrics use, a one-line reason, and a test that
// returns evidence. Order is the order violations are reported in. docs/guard.md explains each.
import { findCommitments } from './clauses.js';
import { findClaims } from './meaning.js';
import type { TopicId } from './meaning-lexicon.js';
import { topicPatterns } from './topic-patterns.js';
import { CANCEL_WORDS, COMMISSION_WORDS, CREDIT_WORDS, PAYOUT_WORDS, REFILL_WORDS, REFUND_WORDS } from './topics.js';
import { DEADLINE_PATTERNS } from './deadline-patterns.js';
import { API_PATTERNS } from './api-patterns.js';
import { findSecretShapes } from './secrets.js';
import { findNumbers } from './numbers.js';
import type { GuardInput, GuardRule } from './types.js';

// Compiled once at load: rules are data, the regexes are their cached form.
const REFUND = topicPatterns(REFUND_WORDS);
const REFILL = topicPatterns(REFILL_WORDS);
const CANCEL = topicPatterns(CANCEL_WORDS);
const COMMISSION = topicPatterns(COMMISSION_WORDS);
const PAYOUT = topicPatterns(PAYOUT_WORDS);
const CREDIT = topicPatterns(CREDIT_WORDS);

// "You paid on 2024-05-01" repeats the visitor's date; a calendar date found verbatim in the facts
// is a restatement, not a deadline the bot made up. Weekday and duration phrasings get no such pass.
function restatesFactDate(evidence: string, input: GuardInput): boolean {
  const date = evidence.replace(/^\S+\s+/, '');
  return /\d/.test(date) && /[-/.]|[a-z]{3}/.test(date) && input.facts.text.includes(date);
}

/** A topic rule: the English phrasings (topic-patterns.ts) and the meaning-based claims (meaning.ts). */
const topicRule = (patterns: typeof REFUND, topic: TopicId | undefined) => (i: GuardInput): string[] => [
  ...findCommitments(i.text, patterns),
  ...(topic ? findClaims(i.text).topics.get(topic) ?? [] : []),
];

function unknownNumbers(input: GuardInput): string[] {
  const unknown: string[] = [];
  for (const mention of findNumbers(input.raw, true)) {
    const known = mention.identifier
      ? input.facts.text.includes(mention.identifier)
      : mention.values.some((v) => input.facts.numbers.has(v));
    if (!known) unknown.push(mention.raw);
  }
  return unknown;
}

export const GUARD_RULE_IDS = [
  'no-refund-promise',
  'no-refill-promise',
  'no-cancel-promise',
  'no-commission-promise',
  'no-payout-promise',
  'no-balance-credit-promise',
  'no-delivery-deadline',
  'no-api-promise',
  'no-secret-shaped-string',
  'no-unknown-number',
] as const;
export type GuardRuleId = (typeof GUARD_RULE_IDS)[number];

export const GUARD_RULES: readonly (GuardRule & { readonly id: GuardRuleId })[] = [
  {
    id: 'no-refund-promise',
    description: 'Refunds are decided by staff under the shop policy; the bot never promises, announces or times one.',
    test: topicRule(REFUND, 'refund'),
  },
  {
    id: 'no-refill-promise',
    description: 'Refills depend on the service flag, a Completed order and the shop window, and an agent decides.',
    test: topicRule(REFILL, 'refill'),
  },
  {
    id: 'no-cancel-promise',
    description: 'Cancels are requests the panel may refuse; the bot never says it cancelled or will cancel.',
    test: topicRule(CANCEL, undefined),
  },
  {
    id: 'no-commission-promise',
    description: 'Affiliate commissions are reviewed by the shop; the bot never promises an amount or that one will be paid.',
    test: topicRule(COMMISSION, 'commission'),
  },
  {
    id: 'no-payout-promise',
    description: 'Payouts and withdrawals follow the shop rules and are approved by staff; never promised.',
    test: topicRule(PAYOUT, 'payout'),
  },
  {
    id: 'no-balance-credit-promise',
    description: 'A missing deposit is checked by a person against the payment record; the bot never says it will be credited.',
    test: topicRule(CREDIT, 'credit'),
  },
  {
    id: 'no-delivery-deadline',
    description: 'No delivery dates, durations, speed claims or guarantees: providers set the pace, not the bot.',
    test: (i) => [...findCommitments(i.text, DEADLINE_PATTERNS).filter((e) => !restatesFactDate(e, i)), ...findClaims(i.text).deadlines],
  },
  {
    id: 'no-api-promise',
    description: 'Nothing about API behaviour beyond the docs (rate limits are undocumented, add is not idempotent).',
    test: (i) => findCommitments(i.text, API_PATTERNS),
  },
  {
    id: 'no-secret-shaped-string',
    description: 'No key-, token-, password- or card-shaped value ever leaves the bot.',
    test: (i) => findSecretShapes(i.raw, i.facts.text),
  },
  {
    id: 'no-unknown-number',
    description: 'Every number must come from the facts (panel data, service rules, policy, article, visitor words).',
    test: unknownNumbers,
  },
];
