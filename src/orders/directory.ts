// The order directory: which panel order belongs to whom, and its last known status. Filled by
// signed webhooks, the import command and (in demo mode) the sandbox seed; read by the ownership
// check. Identifiers are stored already normalised, so a lookup never normalises stored data.
import type { Clock } from '../clock.js';
import type { Db } from '../db/open-database.js';
import type { OrderStatus } from '../panel/types.js';
import type { Seed } from '../panel/sandbox/seed.js';
import { normaliseAccountId, normaliseEmail, normaliseLink, normaliseOrderId, normaliseReference } from './normalise.js';
import { seedOrderToInput, seedOrderToStatus } from './seed-orders.js';

/** What a source knows about an order. Missing fields never erase what the directory knows. */
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

export interface OrderStatusSnapshot {
  status: OrderStatus;
  rawStatus: string;
  startCount: number | null;
  remains: number | null;
  charge: string | null;
  /** When the panel said so (the webhook event's time, or when we received it). */
  fetchedAt: string;
}

export interface OrderRecord {
  orderId: string;
  shopOrderId: string | null;
  /** Lower-cased. */
  email: string | null;
  accountId: string | null;
  /** Canonical form (normalise.ts). */
  link: string | null;
  paymentReference: string | null;
  serviceId: string | null;
  quantity: number | null;
  createdAt: string | null;
  lastStatus: OrderStatusSnapshot | null;
}

export interface OrderDirectory {
  /** Inserts or merges one order; throws `InvalidOrderError` when the order id is not one. */
  upsert(input: OrderInput): OrderRecord;
  get(orderId: string): OrderRecord | undefined;
  /** Records a status unless a newer one is already known (deliveries are not ordered). */
  updateStatus(orderId: string, snapshot: OrderStatusSnapshot): boolean;
  /** Every order of a sandbox seed, in one transaction; returns how many. */
  importSeed(seed: Seed): number;
  /** Runs `fn` in one SQLite transaction (nested calls join it). */
  transaction<T>(fn: () => T): T;
  count(): number;
}

export class InvalidOrderError extends Error {}

interface Row {
  order_id: string;
  shop_order_id: string | null;
  email: string | null;
  account_id: string | null;
  link: string | null;
  payment_reference: string | null;
  service_id: string | null;
  quantity: number | null;
  created_at: string | null;
  status: OrderStatus | null;
  raw_status: string | null;
  start_count: number | null;
  remains: number | null;
  charge: string | null;
  status_at: string | null;
}

const optionalText = (value: string | null | undefined, normalise: (raw: string) => string | null): string | null =>
  value === null || value === undefined ? null : normalise(value);

function toRecord(row: Row): OrderRecord {
  return {
    orderId: row.order_id,
    shopOrderId: row.shop_order_id,
    email: row.email,
    accountId: row.account_id,
    link: row.link,
    paymentReference: row.payment_reference,
    serviceId: row.service_id,
    quantity: row.quantity,
    createdAt: row.created_at,
    lastStatus: row.status && row.status_at
      ? { status: row.status, rawStatus: row.raw_status ?? '', startCount: row.start_count, remains: row.remains, charge: row.charge, fetchedAt: row.status_at }
      : null,
  };
}

export function createOrderDirectory(db: Db, clock: Clock): OrderDirectory {
  // COALESCE(new, old): a webhook without the customer block must not forget the owner.
  const upsertStatement = db.prepare(`
    INSERT INTO orders (order_id, shop_order_id, email, account_id, link, payment_reference, service_id, quantity, created_at, updated_at)
    VALUES (@orderId, @shopOrderId, @email, @accountId, @link, @paymentReference, @serviceId, @quantity, @createdAt, @now)
    ON CONFLICT (order_id) DO UPDATE SET
      shop_order_id     = COALESCE(excluded.shop_order_id, orders.shop_order_id),
      email             = COALESCE(excluded.email, orders.email),
      account_id        = COALESCE(excluded.account_id, orders.account_id),
      link              = COALESCE(excluded.link, orders.link),
      payment_reference = COALESCE(excluded.payment_reference, orders.payment_reference),
      service_id        = COALESCE(excluded.service_id, orders.service_id),
      quantity          = COALESCE(excluded.quantity, orders.quantity),
      created_at        = COALESCE(excluded.created_at, orders.created_at),
      updated_at        = excluded.updated_at`);
  const selectStatement = db.prepare('SELECT * FROM orders WHERE order_id = ?');
  // Only a status at least as recent as the known one replaces it (security.md WH-18).
  const statusStatement = db.prepare(`
    UPDATE orders SET status = @status, raw_status = @rawStatus, start_count = @startCount, remains = @remains,
      charge = @charge, status_at = @fetchedAt, updated_at = @now
    WHERE order_id = @orderId AND (status_at IS NULL OR status_at <= @fetchedAt)`);
  const countStatement = db.prepare('SELECT COUNT(*) AS n FROM orders');

  const get = (orderId: string): OrderRecord | undefined => {
    const id = normaliseOrderId(orderId);
    if (!id) return undefined;
    const row = selectStatement.get(id) as Row | undefined;
    return row ? toRecord(row) : undefined;
  };

  const directory: OrderDirectory = {
    upsert(input) {
      const orderId = normaliseOrderId(input.orderId);
      if (!orderId) throw new InvalidOrderError('not an order id');
      upsertStatement.run({
        orderId,
        shopOrderId: optionalText(input.shopOrderId, (v) => normaliseReference(v, 64)),
        email: optionalText(input.email, normaliseEmail),
        accountId: optionalText(input.accountId, normaliseAccountId),
        link: optionalText(input.link, normaliseLink),
        paymentReference: optionalText(input.paymentReference, normaliseReference),
        serviceId: optionalText(input.serviceId, normaliseOrderId),
        quantity: input.quantity ?? null,
        createdAt: input.createdAt ? new Date(input.createdAt).toISOString() : null,
        now: clock().toISOString(),
      });
      return get(orderId) as OrderRecord;
    },
    get,
    updateStatus(orderId, snapshot) {
      const id = normaliseOrderId(orderId);
      if (!id) return false;
      const result = statusStatement.run({ ...snapshot, fetchedAt: new Date(snapshot.fetchedAt).toISOString(), orderId: id, now: clock().toISOString() });
      return result.changes > 0;
    },
    importSeed(seed) {
      const fetchedAt = clock().toISOString();
      return directory.transaction(() => {
        for (const order of seed.orders) {
          directory.upsert(seedOrderToInput(order));
          directory.updateStatus(order.order, seedOrderToStatus(order, fetchedAt));
        }
        return seed.orders.length;
      });
    },
    transaction: (fn) => db.transaction(fn)(),
    count: () => (countStatement.get() as { n: number }).n,
  };
  return directory;
}
