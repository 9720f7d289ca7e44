// Every reply the bot can give, as a closed type: the policy's ReplyPlan, the events and the
// renderer take a ReplyKey, so a key that is not listed here does not compile, and
// test/unit/platform/templates.test.ts checks REPLY_KEYS against prompts/replies/ (a template for
// each, none left over). Keys built from data are spelt out per member: a new secret type, order
// status or asked slot does not compile until its reply is named here (and then needs a template).
import type { OrderStatus } from '../panel/types.js';
import type { SecretType } from '../understanding/vocabulary.js';
import type { AskedSlot } from './slots.js';

/** `in_progress` → `in-progress`: a name from the code as it appears in a template's file name. */
type Kebab<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}-${Kebab<Tail>}` : S;

const FIXED_REPLY_KEYS = [
  // small talk, capabilities, the conversation's own course
  'greeting', 'greeting-again', 'thanks', 'acknowledged', 'goodbye', 'capabilities', 'out-of-scope', 'low-confidence-handoff',
  'intake-cancelled', 'resume-intake', 'identity-noted', 'reask-limit', 'security-takeover',
  // questions the bot asks
  'ask-order-id', 'order-id-where', 'ask-owner-proof', 'ask-owner-proof-shop', 'ask-account', 'ask-account-payment',
  'ask-api-error', 'ask-payment-reference',
  // secrets removed from a message
  'secret-removed', 'secret-advice',
  // a person
  'handoff-requested', 'handoff-waiting', 'handoff-cancelled', 'handoff-payment-issue', 'handoff-payment-without-reference',
  'handoff-affiliate-commission', 'queued-acknowledged', 'queued-still', 'queued-refund', 'queued-order-change', 'queued-payment',
  // what the visitor is told when a person joins, leaves, or never came (handoff/messages.ts)
  'agent-joined', 'agent-left', 'handoff-expired', 'handoff-expired-contact',
  // the team is away (business hours in the shop policy: policy/away.ts)
  'team-offline', 'handoff-requested-offline', 'queued-still-offline', 'queued-acknowledged-offline',
  // orders
  'order-processing', 'order-refunded', 'order-detail', 'order-eta', 'order-remains', 'order-progress-count', 'order-progressing',
  'order-partial-count', 'order-partial-remains', 'order-partial-balance', 'order-partial-charge', 'order-over-delivered',
  'order-not-started', 'order-not-verified', 'order-not-on-panel', 'order-problem-handoff', 'order-stalled-handoff',
  'order-change-handoff', 'change-finished', 'ownership-locked', 'panel-unavailable', 'panel-unavailable-cached',
  'refund-decided-by-team', 'refund-beyond-balance', 'refund-returned-to-balance',
  'refill-rules-unknown', 'refill-not-offered', 'refill-after-completion', 'refill-may-qualify',
  'cancel-finished', 'cancel-rules-unknown', 'cancel-not-offered', 'cancel-possible',
  // services and their rules
  'service-name', 'service-brief', 'service-unknown', 'service-not-found', 'service-limits', 'service-price', 'service-speed',
  'service-quantity-below', 'service-quantity-above', 'service-quantity-fits', 'service-alternatives-smaller',
  'service-alternatives-larger', 'services-with-dripfeed', 'api-service-listed', 'rules-unavailable', 'rules-stale',
  'rules-refresh-failed',
  // help articles
  'kb-answer', 'kb-none', 'api-error-undocumented',
  // what the guard sends instead of a reply it blocked (guard/safe-reply.ts)
  'guard-safe-reply',
  // a messenger channel's own lines, outside any conversation (messaging/telegram/telegram.ts)
  'telegram-private-only', 'telegram-text-only', 'telegram-too-long', 'telegram-slow-down',
] as const;

/** An invalid answer to the question asked for a slot. */
export const REASK_REPLIES: { readonly [S in AskedSlot]: `reask-${Kebab<S>}` } = {
  order_id: 'reask-order-id', email: 'reask-email', api_error: 'reask-api-error', payment_reference: 'reask-payment-reference',
};

/** One sentence per kind of secret removed from the visitor's message. */
export const SECRET_REMOVED_REPLIES: { readonly [S in SecretType]: `secret-removed-${Kebab<S>}` } = {
  api_key: 'secret-removed-api-key', password: 'secret-removed-password', card_number: 'secret-removed-card-number',
};

/** An order's status line, by its normalised status. */
export const ORDER_STATUS_REPLIES: { readonly [S in OrderStatus]: `order-${Kebab<S>}` } = {
  pending: 'order-pending', in_progress: 'order-in-progress', completed: 'order-completed', partial: 'order-partial',
  canceled: 'order-canceled', unknown: 'order-unknown',
};

/** Service rules the panel answers with yes, no or nothing. */
export const SERVICE_FLAGS = ['refill', 'cancel', 'dripfeed'] as const;
export type ServiceFlag = (typeof SERVICE_FLAGS)[number];
type ServiceFlagReply = `service-${ServiceFlag}-${'yes' | 'no' | 'unknown'}`;

export function serviceFlagReply(flag: ServiceFlag, value: boolean | null): ServiceFlagReply {
  return `service-${flag}-${value === null ? 'unknown' : value ? 'yes' : 'no'}`;
}

export type ReplyKey =
  | (typeof FIXED_REPLY_KEYS)[number]
  | (typeof REASK_REPLIES)[AskedSlot]
  | (typeof SECRET_REMOVED_REPLIES)[SecretType]
  | (typeof ORDER_STATUS_REPLIES)[OrderStatus]
  | ServiceFlagReply;

/** Every ReplyKey, once. */
export const REPLY_KEYS: readonly ReplyKey[] = [
  ...FIXED_REPLY_KEYS,
  ...Object.values(REASK_REPLIES),
  ...Object.values(SECRET_REMOVED_REPLIES),
  ...Object.values(ORDER_STATUS_REPLIES),
  ...SERVICE_FLAGS.flatMap((flag) => [true, false, null].map((value) => serviceFlagReply(flag, value))),
];
