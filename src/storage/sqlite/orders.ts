// The order directory and the webhook inbox in SQLite (port.ts OrderStore). Identifiers arrive
// normalised (orders/directory.ts); this file only keeps the merge rules: a null never erases a
// known value, and a status older than the known one is ignored.
import type { OrderFields, OrderStatusSnapshot, OrderStore } from '../port.js';
import { ORDER_MERGE, toOrderRecord, type OrderTableRow } from '../rows.js';
import type { Db } from './open.js';

const params = (o: OrderFields, at: string) => ({
  orderId: o.orderId,
  shopOrderId: o.shopOrderId ?? null,
  email: o.email ?? null,
  accountId: o.accountId ?? null,
  link: o.link ?? null,
  paymentReference: o.paymentReference ?? null,
  serviceId: o.serviceId ?? null,
  quantity: o.quantity ?? null,
  createdAt: o.createdAt ?? null,
  at,
});

export function createSqliteOrderStore(db: Db): OrderStore {
  const upsertRow = db.prepare(`
    INSERT INTO orders (order_id, shop_order_id, email, account_id, link, payment_reference, service_id, quantity, created_at, updated_at)
    VALUES (@orderId, @shopOrderId, @email, @accountId, @link, @paymentReference, @serviceId, @quantity, @createdAt, @at)
    ${ORDER_MERGE}`);
  const selectRow = db.prepare<[string], OrderTableRow>('SELECT * FROM orders WHERE order_id = ?');
  // Only a status at least as recent as the known one replaces it (security.md WH-18).
  const statusRow = db.prepare(`
    UPDATE orders SET status = @status, raw_status = @rawStatus, start_count = @startCount, remains = @remains,
      charge = @charge, status_at = @fetchedAt, updated_at = @at
    WHERE order_id = @orderId AND (status_at IS NULL OR status_at <= @fetchedAt)`);
  const countRows = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM orders');
  const recordEvent = db.prepare<[string, string, string, string]>('INSERT INTO webhook_events (id, type, order_id, received_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING');

  const setStatus = (orderId: string, snapshot: OrderStatusSnapshot, at: string): boolean =>
    statusRow.run({ ...snapshot, orderId, at }).changes > 0;
  const upsert = db.transaction((orders: readonly OrderFields[], at: string) => {
    for (const o of orders) upsertRow.run(params(o, at));
  });
  const applyWebhook = db.transaction((event: { id: string; type: string; receivedAt: string }, order: OrderFields, status: OrderStatusSnapshot | null) => {
    if (recordEvent.run(event.id, event.type, order.orderId, event.receivedAt).changes === 0) return { duplicate: true };
    upsertRow.run(params(order, event.receivedAt));
    if (status) setStatus(order.orderId, status, event.receivedAt);
    return { duplicate: false };
  });

  return {
    upsert: async (orders, at) => upsert.immediate(orders, at),
    get: async (orderId) => {
      const row = selectRow.get(orderId);
      return row ? toOrderRecord(row) : undefined;
    },
    updateStatus: async (orderId, snapshot, at) => setStatus(orderId, snapshot, at),
    applyWebhook: async (event, order, status) => applyWebhook.immediate(event, order, status),
    count: async () => (countRows.get() as { n: number }).n,
  };
}
