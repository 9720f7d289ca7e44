// How many conversations one address may open per hour (RATE_LIMIT_CONVERSATIONS_PER_IP_PER_HOUR).
// A fixed window per address that starts at its first open; an IPv6 address counts as its /64
// (one subscriber's network: a host picks any address in it). In memory, per process, like the
// other rate limits; bounded: expired windows are swept once a minute, and past ADDRESS_LIMIT
// addresses the oldest window is forgotten.
import { isIPv4, isIPv6 } from 'node:net';
import type { Clock } from '../clock.js';
import { HOUR_MS } from './retention.js';

/** Addresses tracked at once (~100 bytes each). */
export const ADDRESS_LIMIT = 100_000;
const SWEEP_MS = 60_000;

export interface OpenLimiter {
  /** Counts one open for the address; returns 0 when allowed, else the seconds until the address may open again. */
  take(address: string): number;
}

export function createOpenLimiter(options: { perHour: number; clock: Clock; addressLimit?: number }): OpenLimiter {
  const { perHour, clock } = options;
  const addressLimit = options.addressLimit ?? ADDRESS_LIMIT;
  // Insertion order is window order: a window is re-inserted when it starts again.
  const windows = new Map<string, { start: number; opens: number }>();
  let lastSweep = 0;
  const sweep = (now: number): void => {
    if (now - lastSweep < SWEEP_MS) return;
    lastSweep = now;
    for (const [key, w] of windows) {
      if (now - w.start < HOUR_MS) return;
      windows.delete(key);
    }
  };
  return {
    take(address) {
      if (perHour <= 0) return 0; // 0 turns the limit off
      const now = clock().getTime();
      sweep(now);
      const key = addressKey(address);
      let w = windows.get(key);
      if (!w || now - w.start >= HOUR_MS) {
        windows.delete(key);
        if (windows.size >= addressLimit) windows.delete(windows.keys().next().value as string);
        w = { start: now, opens: 0 };
        windows.set(key, w);
      }
      if (w.opens >= perHour) return Math.max(1, Math.ceil((w.start + HOUR_MS - now) / 1000));
      w.opens++;
      return 0;
    },
  };
}

/** The key an address is counted under: an IPv4 address itself (also when IPv4-mapped), an IPv6 address's /64. */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1] && isIPv4(mapped[1])) return mapped[1];
  if (!isIPv6(address)) return address;
  const [head = '', tail = ''] = address.toLowerCase().split('%')[0]?.split('::') ?? [];
  const groups = (part: string) => (part ? part.split(':') : []);
  const left = groups(head);
  const right = groups(tail);
  // An embedded IPv4 tail (::1.2.3.4) is two groups; only the first four groups matter here.
  const rightCount = right.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
  const full = address.includes('::') ? [...left, ...Array<string>(8 - left.length - rightCount).fill('0'), ...right] : left;
  return `${full.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
