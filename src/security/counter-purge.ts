// The shared counters (ownership guesses, conversation opens) are read over an hour at most, so
// hits older than that are deleted every few minutes: the table holds about an hour of hits. Every
// instance runs it; a delete another instance already did deletes nothing. The timer never keeps
// the process alive, and a failed pass is retried at the next one.
import type { Clock } from '../clock.js';
import type { Log } from '../observability/logger.js';
import type { CounterStore } from '../storage/port.js';

/** The longest window a counter is read over (ownership-limiter.ts, lifecycle/open-limit.ts). */
export const COUNTER_KEEP_MS = 60 * 60 * 1000;
export const COUNTER_PURGE_EVERY_MS = 10 * 60 * 1000;

export function startCounterPurge(opts: { counters: Pick<CounterStore, 'purgeBefore'>; clock: Clock; log: Log; intervalMs?: number }): () => void {
  const run = () => {
    const cutoff = new Date(opts.clock().getTime() - COUNTER_KEEP_MS).toISOString();
    opts.counters.purgeBefore(cutoff).then(
      (purged) => opts.log.debug({ purged, cutoff }, 'counter hits purged'),
      (err: unknown) => opts.log.error({ err }, 'counter purge failed'),
    );
  };
  const timer = setInterval(run, opts.intervalMs ?? COUNTER_PURGE_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
