// The order directory: which panel order belongs to whom, and its last known status. Filled by
// signed webhooks, the import command and (in demo mode) the sandbox's seed; read by the ownership
// check. Identifiers are normalised here, before they are stored, so a lookup never normalises
// stored data; the store (storage/port.ts OrderStore) keeps the merge rules.
import type { Clock } from '../clock.js';
import type { OrderFields, OrderRecord, OrderStatusSnapshot, OrderStore } from '../storage/port.js';
import { normaliseAccountId, normaliseEmail, normaliseLink, normaliseOrderId, normaliseReference } from './normalise.js';

export type { OrderRecord, OrderStatusSnapshot } from '../storage/port.js';

/** What a source knows about an order, as it wrote it. Missing fields never erase what the directory knows. */
export interface OrderInput {
  orderId: string;
  shopOrderId?: string | null;
  email?: string | null;
  accountId?: string | null;
  link?: string | null;
  paymentReference?: string | null;
  serviceId?: string | null;
  quantity?: number | null;
  createdAt?: string | null;
}

export interface OrderDirectory {
  /** Inserts or merges every order in one transaction; throws `InvalidOrderError`, storing none, when an order id is not one. */
  upsert(inputs: readonly OrderInput[]): Promise<void>;
  get(orderId: string): Promise<OrderRecord | undefined>;
  /** Records a status unless a newer one is already known (deliveries are not ordered). */
  updateStatus(orderId: string, snapshot: OrderStatusSnapshot): Promise<boolean>;
  /** A verified webhook event, exactly once (the store records its id with the change); a known id changes nothing. */
  applyWebhook(event: { id: string; type: string }, input: OrderInput, status: OrderStatusSnapshot | null): Promise<{ duplicate: boolean }>;
  count(): Promise<number>;
}

export class InvalidOrderError extends Error {}

const optionalText = (value: string | null | undefined, normalise: (raw: string) => string | null): string | null =>
  value === null || value === undefined ? null : normalise(value);

/** The stored form of an order: every identifier normalised, times in ISO form. */
export function toOrderFields(input: OrderInput): OrderFields {
  const orderId = normaliseOrderId(input.orderId);
  if (!orderId) throw new InvalidOrderError('not an order id');
  return {
    orderId,
    shopOrderId: optionalText(input.shopOrderId, (v) => normaliseReference(v, 64)),
    email: optionalText(input.email, normaliseEmail),
    accountId: optionalText(input.accountId, normaliseAccountId),
    link: optionalText(input.link, normaliseLink),
    paymentReference: optionalText(input.paymentReference, normaliseReference),
    serviceId: optionalText(input.serviceId, normaliseOrderId),
    quantity: input.quantity ?? null,
    createdAt: input.createdAt ? new Date(input.createdAt).toISOString() : null,
  };
}

// Times are compared as text by the store: one ISO form for all of them.
const isoSnapshot = (snapshot: OrderStatusSnapshot): OrderStatusSnapshot => ({ ...snapshot, fetchedAt: new Date(snapshot.fetchedAt).toISOString() });

export function createOrderDirectory(store: OrderStore, clock: Clock): OrderDirectory {
  const now = () => clock().toISOString();
  return {
    async upsert(inputs) {
      // Every order is checked before any is written: a file is imported whole or not at all.
      const fields = inputs.map(toOrderFields);
      await store.upsert(fields, now());
    },
    async get(orderId) {
      const id = normaliseOrderId(orderId);
      return id ? store.get(id) : undefined;
    },
    async updateStatus(orderId, snapshot) {
      const id = normaliseOrderId(orderId);
      return id ? store.updateStatus(id, isoSnapshot(snapshot), now()) : false;
    },
    applyWebhook: async (event, input, status) =>
      store.applyWebhook({ id: event.id, type: event.type, receivedAt: now() }, toOrderFields(input), status && isoSnapshot(status)),
    count: () => store.count(),
  };
}
