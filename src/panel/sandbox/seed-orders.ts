// The sandbox seed's orders as directory entries (contract: `customer` and `paymentReference`
// feed the order directory only; they never travel over the panel API).
import type { Seed, SeedOrder } from '../panel/sandbox/seed.js';
import { normaliseOrderStatus, toDecimal, toInteger } from '../panel/normalise.js';
import type { OrderDirectory, OrderInput, OrderStatusSnapshot } from './directory.js';

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

/** Demo mode: the directory learns the seed's owners, so the bot can check them. */
export function importSeedOrders(directory: OrderDirectory, seed: Seed): number {
  return directory.importSeed(seed);
}
