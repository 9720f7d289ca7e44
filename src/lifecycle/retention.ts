// Retention: with RETENTION_DAYS > 0, conversations idle for longer are deleted once a day (and
// once shortly after start). Their events, turn replies and handoffs go with them (ON DELETE
// CASCADE). The cutoff comes from the injected clock; the timer never keeps the process alive.
import type { Clock } from '../clock.js';
import type { ConversationStore } from '../conversation/store.js';
import type { Log } from '../observability/logger.js';

export const DAY_MS = 86_400_000;

export interface RetentionOptions {
  store: Pick<ConversationStore, 'purgeIdleSince'>;
  /** 0 turns retention off. */
  days: number;
  clock: Clock;
  log: Log;
  /** Between purges (default: a day). */
  intervalMs?: number;
  /** Before the first purge after start (default: a minute, so start-up is not slowed down). */
  firstRunMs?: number;
}

/** The cutoff for `days` of retention at `now`: conversations last updated before it are purged. */
export const retentionCutoff = (now: Date, days: number): string => new Date(now.getTime() - days * DAY_MS).toISOString();

/**
 * Conversations deleted per transaction. Their events, turn replies and handoffs go in the same
 * transaction, so a batch holds SQLite's write lock for milliseconds, not for the whole purge:
 * the server's commits (or, for `parley purge`, the other process's) get in between batches.
 */
export const PURGE_BATCH = 100;

/**
 * Deletes every conversation idle since `cutoff`, a batch at a time, yielding to the event loop
 * between batches; stops early (between batches) once `signal` is aborted. Resolves with how many.
 */
export async function purgeIdle(
  store: Pick<ConversationStore, 'purgeIdleSince'>,
  cutoff: string,
  options: { batch?: number; signal?: AbortSignal } = {},
): Promise<number> {
  const batch = options.batch ?? PURGE_BATCH;
  if (!Number.isInteger(batch) || batch < 1) throw new RangeError(`a purge batch is a whole number of conversations, at least 1 (got ${batch})`);
  let total = 0;
  for (;;) {
    const deleted = store.purgeIdleSince(cutoff, batch);
    total += deleted;
    if (deleted < batch) return total;
    await new Promise((resolve) => setImmediate(resolve));
    if (options.signal?.aborted) return total;
  }
}

/** One purge pass; resolves with how many conversations were deleted. */
export async function purgeExpired(opts: Pick<RetentionOptions, 'store' | 'days' | 'clock' | 'log'>, signal?: AbortSignal): Promise<number> {
  const cutoff = retentionCutoff(opts.clock(), opts.days);
  const purged = await purgeIdle(opts.store, cutoff, signal ? { signal } : {});
  opts.log.info({ purged, cutoff, retentionDays: opts.days }, 'retention purge');
  return purged;
}

/** Starts the schedule; returns the function that stops it (call it on close). */
export function startRetentionTimer(opts: RetentionOptions): () => void {
  if (opts.days <= 0) return () => undefined;
  // Stopping also ends a pass in progress at its next batch (the database closes after the stop).
  const stopped = new AbortController();
  const run = () => {
    // A failed pass (a busy or full disk) is retried at the next one; the service keeps running.
    purgeExpired(opts, stopped.signal).catch((err: unknown) => opts.log.error({ err }, 'retention purge failed'));
  };
  let interval: NodeJS.Timeout | undefined;
  const first = setTimeout(() => {
    run();
    interval = setInterval(run, opts.intervalMs ?? DAY_MS);
    interval.unref();
  }, opts.firstRunMs ?? 60_000);
  first.unref();
  return () => {
    stopped.abort();
    clearTimeout(first);
    if (interval) clearInterval(interval);
  };
}
