// How many conversations one address may open per hour (RATE_LIMIT_CONVERSATIONS_PER_IP_PER_HOUR),
// counted in the storage's shared counters, so the limit holds across instances. The window is the
// clock hour (a refused visitor is told exactly when it ends); an IPv6 address counts as its /64.
// A refused open is not counted: a flood adds no rows (counter-purge.ts forgets old ones).
import type { Clock } from '../clock.js';
import { addressKey } from '../security/address-key.js';
import type { CounterStore } from '../storage/port.js';
import { HOUR_MS } from './retention.js';

export interface OpenLimiter {
  /** Counts one open for the address; resolves to 0 when allowed, else the seconds until the address may open again. */
  take(address: string): Promise<number>;
}

export function createOpenLimiter(options: { perHour: number; clock: Clock; counters: Pick<CounterStore, 'hit' | 'count'> }): OpenLimiter {
  const { perHour, clock, counters } = options;
  return {
    async take(address) {
      if (perHour <= 0) return 0; // 0 turns the limit off
      const now = clock().getTime();
      const start = now - (now % HOUR_MS);
      const since = new Date(start).toISOString();
      const key = `open:addr:${addressKey(address)}`;
      const wait = Math.max(1, Math.ceil((start + HOUR_MS - now) / 1000));
      if ((await counters.count(key, since)) >= perHour) return wait;
      // Two opens at once (here or on another instance) may both pass the count: the hit's own
      // count, taken with it, says which of them went over.
      return (await counters.hit(key, new Date(now).toISOString(), since)) > perHour ? wait : 0;
    },
  };
}
