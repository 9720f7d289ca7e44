// Guess limiting for ownership checks: at most 5 failures per conversation and per client address
// (an IPv6 address by its /64) in the last hour. Past that, no check runs at all (a right guess
// would still be a guess) and the caller hands the visitor to a person. The failures are counted
// in the storage's shared counters, so the limit holds however many instances answer.
import type { Clock } from '../clock.js';
import { addressKey } from '../security/address-key.js';
import type { CounterStore } from '../storage/port.js';

export const MAX_OWNERSHIP_FAILURES = 5;
/** The window failures are counted over (a sliding hour). */
export const GUESS_WINDOW_MS = 60 * 60 * 1000;

export interface OwnershipLimiter {
  isLockedOut(conversationId: string, ip: string): Promise<boolean>;
  /** Counts one failure; resolves to whether the conversation or the address is now locked out. */
  recordFailure(conversationId: string, ip: string): Promise<boolean>;
}

const keys = (conversationId: string, ip: string) => [`guess:conv:${conversationId}`, `guess:addr:${addressKey(ip)}`] as const;

export function createOwnershipLimiter(counters: Pick<CounterStore, 'hit' | 'count'>, clock: Clock, maxFailures = MAX_OWNERSHIP_FAILURES): OwnershipLimiter {
  const since = () => new Date(clock().getTime() - GUESS_WINDOW_MS).toISOString();
  return {
    async isLockedOut(conversationId, ip) {
      const from = since();
      const counts = await Promise.all(keys(conversationId, ip).map((key) => counters.count(key, from)));
      return counts.some((n) => n >= maxFailures);
    },
    async recordFailure(conversationId, ip) {
      const from = since();
      const at = clock().toISOString();
      const counts = await Promise.all(keys(conversationId, ip).map((key) => counters.hit(key, at, from)));
      return counts.some((n) => n >= maxFailures);
    },
  };
}
