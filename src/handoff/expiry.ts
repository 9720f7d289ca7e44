// Queued handoffs nobody claimed in time: the visitor is told how to follow up and the bot takes
// the conversation back (anchors-features §2, pain point 2: never leave a visitor waiting forever).
import { commitEvents, retryOnConflict } from '../turn/commit.js';
import type { Log } from '../observability/logger.js';
import { openMsBetween, type BusinessHours } from './business-hours.js';
import { handoffExpired } from './messages.js';
import type { HandoffDeps } from './service.js';
import { transition } from './state-machine.js';
import { startSweepTimer } from './sweep-timer.js';

export interface ExpiryDeps extends Omit<HandoffDeps, 'reader'> {
  expireAfterMinutes: number;
  /**
   * The shop's business hours: the wait is then counted only while the team is there, so a
   * visitor told at night that the team is back in the morning is still queued in the morning.
   */
  businessHours?: BusinessHours;
}

/** How many to expire per sweep; the next sweep takes the rest. */
const SWEEP_LIMIT = 100;

/** Expires every handoff queued for longer than the limit; returns how many it expired. */
export async function expireStaleHandoffs(deps: ExpiryDeps): Promise<number> {
  const now = deps.clock();
  const limitMs = deps.expireAfterMinutes * 60_000;
  const cutoff = new Date(now.getTime() - limitMs).toISOString();
  const hours = deps.businessHours;
  let expired = 0;
  for (const stale of await deps.handoffs.queuedBefore(cutoff, SWEEP_LIMIT)) {
    // Oldest first: one that has not waited long enough in business hours, nor has any after it.
    if (hours && openMsBetween(hours, new Date(stale.createdAt), now) < limitMs) break;
    // Changed on another instance between the read and the append: read and checked once more.
    expired += await deps.mutex.run(stale.conversationId, () => retryOnConflict(2, async () => {
      // Claimed or cancelled while we waited for the lock: nothing to do.
      const row = await deps.handoffs.get(stale.id);
      const record = await deps.store.get(stale.conversationId);
      if (!row || !record || row.status !== 'queued' || row.createdAt >= cutoff) return 0;
      await commitEvents(deps, record, [
        ...transition(row, { kind: 'expire' }),
        { type: 'system_said', messageId: deps.ids(), text: handoffExpired(deps.templates, deps.expireAfterMinutes, hours?.contact) },
      ]);
      return 1;
    }));
  }
  return expired;
}

/** The expiry sweep on its timer (handoff/sweep-timer.ts); the returned stop waits for a sweep in progress. */
export function startExpiryTimer(deps: ExpiryDeps, log: Log, everyMs: number): () => Promise<void> {
  return startSweepTimer(() => expireStaleHandoffs(deps)
    .then((n) => {
      if (n > 0) log.info({ expired: n }, 'queued handoffs expired');
    })
    .catch((err: unknown) => log.error({ err }, 'handoff expiry sweep failed')), everyMs);
}
