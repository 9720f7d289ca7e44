// The panel's webhook events, as parsed after the signature verified. Wire values are accepted as
// panels write them (numbers or strings); every string and the whole object are size-limited.
import { z } from 'zod';
import { MAX_ACCOUNT_ID_LENGTH, MAX_EMAIL_LENGTH, MAX_LINK_LENGTH, ORDER_ID_PATTERN } from './normalise.js';

export const EVENT_TYPES = ['order.created', 'order.updated'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

const Id = z.union([z.string().trim().regex(ORDER_ID_PATTERN, 'not an id'), z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).transform(String)]);
const Count = z.union([z.number().int(), z.string().trim().regex(/^[+-]?\d{1,15}$/, 'not a whole number').transform(Number)]);
const Decimal = z.union([z.number().nonnegative(), z.string().trim().regex(/^\d{1,15}(\.\d{1,10})?$/, 'not a decimal')]).transform(String);
const Timestamp = z.iso.datetime({ offset: true });

const OrderData = z.object({
  order: Id,
  status: z.string().trim().min(1).max(64).optional(),
  start_count: Count.nullable().optional(),
  remains: Count.nullable().optional(),
  charge: Decimal.nullable().optional(),
  quantity: Count.pipe(z.number().int().positive()).optional(),
  link: z.string().trim().min(1).max(MAX_LINK_LENGTH).optional(),
  service: Id.optional(),
  customer: z.object({
    email: z.string().trim().max(MAX_EMAIL_LENGTH).pipe(z.email()).optional(),
    accountId: z.string().trim().min(1).max(MAX_ACCOUNT_ID_LENGTH).optional(),
  }).optional(),
  paymentReference: z.string().trim().min(1).max(128).optional(),
  shopOrderId: z.string().trim().min(1).max(64).optional(),
  createdAt: Timestamp.optional(),
});

/** Step one: the envelope, so an unknown type is told apart from a malformed known one. */
export const WebhookEnvelope = z.object({
  id: z.string().trim().min(1).max(128),
  type: z.string().max(64),
  createdAt: Timestamp.optional(),
  data: z.unknown(),
});

export const WebhookEvent = z.object({
  id: z.string().trim().min(1).max(128),
  type: z.enum(EVENT_TYPES),
  createdAt: Timestamp.optional(),
  data: OrderData,
}).superRefine((event, ctx) => {
  if (event.type === 'order.updated' && event.data.status === undefined) {
    ctx.addIssue({ code: 'custom', path: ['data', 'status'], message: 'is required for order.updated' });
  }
});

export type WebhookEvent = z.output<typeof WebhookEvent>;

export const isEventType = (type: string): type is EventType => (EVENT_TYPES as readonly string[]).includes(type);

/** JSON.parse that refuses prototype-poisoning keys outright (security.md WH-17). */
export function parseJsonStrict(text: string): unknown {
  return JSON.parse(text, (key, value: unknown) => {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') throw new SyntaxError('forbidden key');
    return value;
  });
}
