// The identifiers an intake can collect: where each comes from in a message, how it is checked,
// and which reply asks for it. Slot names are the contract's entity types plus the policy's own.
import type { Entities } from '../understanding/vocabulary.js';

export const SLOT_NAMES = [
  'order_id', 'email', 'link', 'account_id', 'payment_reference', 'payment_details', 'service_id',
  'api_error', 'api_request', 'api_when', 'platform', 'problem_details', 'referral', 'period',
] as const;
export type SlotName = (typeof SLOT_NAMES)[number];

export interface SlotSpec {
  /** The reply template that asks for it (and says why it is needed). */
  ask: string;
  /** Words for "that doesn't look like {{what}}". */
  what: string;
  /** A value found in the message's entities or text, whatever is awaited. */
  find(entities: Entities, text: string): string | undefined;
  /** Free-text slots take the whole message when they are the one awaited. */
  freeText: boolean;
}

/** Free text is kept short: it is for an agent to read, not a document store. */
export const FREE_TEXT_LIMIT = 300;

const last = (values: string[] | undefined) => values?.[values.length - 1];
const matchIn = (pattern: RegExp) => (_: Entities, text: string) => pattern.exec(text)?.[1];

const ACCOUNT_ID = /\b(?:account|user|customer|client)\s*(?:id|number|no\.?|#)\s*(?:is|:|=)?\s*#?([A-Za-z]{0,4}-?\d{2,12})\b|\b([a-z]{1,3}-\d{3,10})\b/i;
const PLATFORM = /\b(woo\s?commerce|wordpress|shopify|wix|opencart|prestashop|magento|php|python|node(?:\.?js)?|curl|postman|zapier|the api)\b/i;
const REFERRAL = /\b(?:ref(?:erral)?|affiliate|promo|invite)[\s_-]*(?:code|id|link)\s*(?:is|:|=)?\s*["']?([A-Za-z0-9_-]{3,32})\b/i;

export const SLOTS: Readonly<Record<SlotName, SlotSpec>> = {
  order_id: { ask: 'ask-order-id', what: 'an order ID (the number in your order history)', freeText: false, find: (e) => last(e.order_id) },
  email: { ask: 'ask-account', what: 'an email address', freeText: false, find: (e) => last(e.email) },
  link: { ask: 'ask-owner-proof', what: 'a link', freeText: false, find: (e) => last(e.link) },
  account_id: {
    ask: 'ask-account', what: 'an account ID', freeText: false,
    find: (_, text) => {
      const m = ACCOUNT_ID.exec(text);
      return m?.[1] ?? m?.[2];
    },
  },
  payment_reference: { ask: 'ask-payment-reference', what: 'a payment reference (a transaction ID from PayPal, Stripe, a crypto hash…)', freeText: false, find: (e) => last(e.payment_reference) },
  payment_details: { ask: 'ask-payment-details', what: 'the amount and time of the payment', freeText: true, find: () => undefined },
  service_id: { ask: 'ask-service-id', what: 'a service ID', freeText: false, find: (e) => last(e.service_id) },
  api_error: { ask: 'ask-api-error', what: 'the error text', freeText: true, find: (e) => last(e.api_error) },
  api_request: { ask: 'ask-api-request', what: 'the API action you called', freeText: true, find: matchIn(/\b(action\s*=\s*[a-z_]{3,20})\b/i) },
  api_when: { ask: 'ask-api-when', what: 'when it happened', freeText: true, find: () => undefined },
  platform: { ask: 'ask-platform', what: 'the platform', freeText: true, find: matchIn(PLATFORM) },
  // A message that opens the topic with a real sentence already says what went wrong.
  problem_details: { ask: 'ask-problem-details', what: 'what went wrong', freeText: true, find: (_, text) => (text.trim().split(/\s+/).length >= 6 ? text.trim().slice(0, FREE_TEXT_LIMIT) : undefined) },
  referral: { ask: 'ask-referral', what: 'your referral link or code', freeText: true, find: (e, text) => last(e.link) ?? matchIn(REFERRAL)(e, text) },
  period: { ask: 'ask-period', what: 'the period', freeText: true, find: () => undefined },
};

/** The awaited value in this message, if there is one. */
export function valueFor(slot: SlotName, entities: Entities, text: string): string | undefined {
  const spec = SLOTS[slot];
  const found = spec.find(entities, text);
  if (found) return found;
  if (!spec.freeText) return undefined;
  const trimmed = text.trim();
  return trimmed.length >= 2 ? trimmed.slice(0, FREE_TEXT_LIMIT) : undefined;
}
