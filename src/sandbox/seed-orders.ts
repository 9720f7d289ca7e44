// The sandbox seed's orders as order-directory entries (contract: `customer` and
// `paymentReference` feed the order directory only; they never travel over the panel API). The
// demo side fills the directory through its public upsert; the directory knows nothing of seeds.
import type { Clock } from '../clock.js';
import type { OrderDirectory, OrderInput, OrderStatusSnapshot } from '../orders/directory.js';
import type { JsonObjectFormat } from '../orders/import-file.js';
import { normaliseOrderStatus, toDecimal, toInteger } from '../panel/normalise.js';
import { SeedSchema, type Seed, type SeedOrder } from './seed.js';

export function seedOrderToInput(order: SeedOrder): OrderInput {
  return {
    orderId: order.order,
    shopOrderId: order.shopOrderId ?? null,
    email: order.customer.email,
    accountId: order.customer.accountId,
    link: order.link,
    paymentReference: order.paymentReference ?? null,
    serviceId: order.service,
    quantity: order.quantity,
    createdAt: order.createdAt,
  };
}

export function seedOrderToStatus(order: SeedOrder, fetchedAt: string): OrderStatusSnapshot {
  const remains = toInteger(order.remains);
  return {
    status: normaliseOrderStatus(order.status),
    rawStatus: order.status,
    startCount: toInteger(order.start_count),
    // Over-delivery shows as a negative remains on some panels (panel-api.md §4): none left.
    remains: remains === null ? null : Math.max(0, remains),
    charge: toDecimal(order.charge),
    fetchedAt,
  };
}

/** Demo mode: the directory learns the seed's owners and statuses, so the bot can check them. Returns how many orders. */
export async function importSeedOrders(directory: Pick<OrderDirectory, 'upsert' | 'updateStatus'>, seed: Seed, clock: Clock): Promise<number> {
  const fetchedAt = clock().toISOString();
  await directory.upsert(seed.orders.map(seedOrderToInput));
  for (const order of seed.orders) await directory.updateStatus(order.order, seedOrderToStatus(order, fetchedAt));
  return seed.orders.length;
}

/** `parley orders import` also takes a whole sandbox seed file (its orders; statuses come from webhooks). */
export const seedImportFormat: JsonObjectFormat = {
  name: 'seed',
  read(value) {
    const seed = SeedSchema.safeParse(value);
    return seed.success ? { ok: true, rows: seed.data.orders.map(seedOrderToInput) } : { ok: false, error: seed.error };
  },
};
