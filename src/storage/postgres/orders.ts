// The order directory and the webhook inbox on PostgreSQL. A webhook event is applied exactly once
// across every instance: its id is inserted (ON CONFLICT DO NOTHING) in the same transaction as the
// order change, so a redelivery to another instance waits for the first one's commit, finds the
// id, and changes nothing.
import type pg from 'pg';
import type { OrderFields, OrderStatusSnapshot, OrderStore } from '../port.js';
import { ORDER_MERGE, toOrderRecord, type OrderTableRow } from '../rows.js';
import { inTransaction, type Queryable } from './pool.js';

const FIELDS = ['shopOrderId', 'email', 'accountId', 'link', 'paymentReference', 'serviceId', 'quantity', 'createdAt'] as const;

/**
 * One entry per order id, fields merged in order (a later non-null value wins), which is what
 * upserting them one after another would leave: one multi-row INSERT may not touch a row twice.
 */
function merged(orders: readonly OrderFields[]): OrderFields[] {
  const byId = new Map<string, OrderFields>();
  for (const order of orders) {
    const known = byId.get(order.orderId);
    if (!known) {
      byId.set(order.orderId, { ...order });
      continue;
    }
    for (const field of FIELDS) {
      const value = order[field];
      if (value !== null && value !== undefined) (known as Record<string, unknown>)[field] = value;
    }
  }
  return [...byId.values()];
}

// Rows a statement inserts at most: ~10 parameters each keeps one statement well inside
// PostgreSQL's 65,535 bound parameters (sent as arrays, they count one per column anyway).
const UPSERT_CHUNK = 1000;

async function upsertOrders(client: Queryable, orders: readonly OrderFields[], at: string): Promise<void> {
  const all = merged(orders);
  for (let start = 0; start < all.length; start += UPSERT_CHUNK) {
    const chunk = all.slice(start, start + UPSERT_CHUNK);
    const column = <K extends keyof OrderFields>(key: K) => chunk.map((o) => o[key] ?? null);
    await client.query(
      `INSERT INTO orders (order_id, shop_order_id, email, account_id, link, payment_reference, service_id, quantity, created_at, updated_at)
       SELECT *, $10 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[], $9::text[])
       ${ORDER_MERGE}`,
      [
        column('orderId'), column('shopOrderId'), column('email'), column('accountId'), column('link'),
        column('paymentReference'), column('serviceId'), column('quantity'), column('createdAt'), at,
      ],
    );
  }
}

/** Only a status at least as recent as the known one replaces it (security.md WH-18). */
async function updateStatus(client: Queryable, orderId: string, snapshot: OrderStatusSnapshot, at: string): Promise<boolean> {
  const result = await client.query(
    `UPDATE orders SET status = $1, raw_status = $2, start_count = $3, remains = $4, charge = $5, status_at = $6, updated_at = $7
     WHERE order_id = $8 AND (status_at IS NULL OR status_at <= $6)`,
    [snapshot.status, snapshot.rawStatus, snapshot.startCount, snapshot.remains, snapshot.charge, snapshot.fetchedAt, at, orderId],
  );
  return result.rowCount === 1;
}

export function createPostgresOrderStore(pool: pg.Pool): OrderStore {
  return {
    upsert: async (orders, at) => {
      if (orders.length === 0) return;
      await inTransaction(pool, (client) => upsertOrders(client, orders, at));
    },
    async get(orderId) {
      const { rows } = await pool.query<OrderTableRow>('SELECT * FROM orders WHERE order_id = $1', [orderId]);
      return rows[0] ? toOrderRecord(rows[0]) : undefined;
    },
    updateStatus: (orderId, snapshot, at) => updateStatus(pool, orderId, snapshot, at),
    applyWebhook: (event, order, status) => inTransaction(pool, async (client) => {
      const recorded = await client.query(
        'INSERT INTO webhook_events (id, type, order_id, received_at) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING',
        [event.id, event.type, order.orderId, event.receivedAt],
      );
      if (recorded.rowCount === 0) return { duplicate: true };
      await upsertOrders(client, [order], event.receivedAt);
      if (status) await updateStatus(client, order.orderId, status, event.receivedAt);
      return { duplicate: false };
    }),
    async count() {
      const { rows } = await pool.query<{ n: number }>('SELECT COUNT(*) AS n FROM orders');
      return rows[0]?.n ?? 0;
    },
  };
}
