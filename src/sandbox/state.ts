// The sandbox panel's mutable world, built from a seed. Only wire-relevant fields live here:
// owners and payment references feed the order directory, never the panel API.
import { parseMoney } from './money.js';
import type { Seed, SeedService } from './seed.js';

export interface SandboxOrder {
  order: string;
  service: string;
  link: string;
  quantity: number;
  status: string;
  startCount: string;
  remains: string;
  charge: bigint;
}

export interface SandboxRefill {
  refill: string;
  order: string;
  status: string;
}

export interface SandboxState {
  currency: string;
  balance: bigint;
  services: Map<string, SeedService>;
  orders: Map<string, SandboxOrder>;
  refills: Map<string, SandboxRefill>;
}

export function createState(seed: Seed): SandboxState {
  return {
    currency: seed.currency,
    balance: parseMoney(seed.balance),
    services: new Map(seed.services.map((s) => [s.service, { ...s }])),
    orders: new Map(seed.orders.map((o) => [o.order, {
      order: o.order, service: o.service, link: o.link, quantity: o.quantity, status: o.status,
      startCount: o.start_count, remains: o.remains, charge: parseMoney(o.charge),
    }])),
    refills: new Map(seed.refills.map((r) => [r.refill, { ...r }])),
  };
}

/** Next numeric ID above every numeric key (panels hand out increasing integers). */
export function nextId(keys: Iterable<string>, floor: number): string {
  let max = floor;
  for (const key of keys) if (/^\d+$/.test(key)) max = Math.max(max, Number(key));
  return String(max + 1);
}

/** IDs travel as JSON numbers on Perfect Panel when they are numeric (§1.2). */
export const wireId = (id: string): string | number => (/^\d{1,15}$/.test(id) ? Number(id) : id);
