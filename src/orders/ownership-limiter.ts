// Guess limiting for ownership checks: at most 5 failures per conversation and per client address
// per hour. Past that, no check runs at all (a right guess would still be a guess) and the caller
// hands the visitor to a person.
import type { Clock } from '../clock.js';
import { createWindowLimiter } from '../security/window-limiter.js';

export const MAX_OWNERSHIP_FAILURES = 5;
const HOUR = 60 * 60 * 1000;

export interface OwnershipLimiter {
  isLockedOut(conversationId: string, ip: string): boolean;
  recordFailure(conversationId: string, ip: string): void;
}

export function createOwnershipLimiter(clock: Clock, maxFailures = MAX_OWNERSHIP_FAILURES): OwnershipLimiter {
  const byConversation = createWindowLimiter(maxFailures, HOUR, clock);
  const byAddress = createWindowLimiter(maxFailures, HOUR, clock);
  return {
    isLockedOut: (conversationId, ip) => byConversation.count(conversationId) >= maxFailures || byAddress.count(ip) >= maxFailures,
    recordFailure(conversationId, ip) {
      byConversation.hit(conversationId);
      byAddress.hit(ip);
    },
  };
}
