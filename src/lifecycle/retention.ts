// Retention: with RETENTION_DAYS > 0, conversations idle for longer are deleted once a day (and
// once shortly after start). Conversations in which the visitor never said anything are deleted
// after RETENTION_UNUSED_HOURS, checked hourly (only a graceful stop or an older version stores
// them: lifecycle/held-conversations.ts). Their events, turn replies and handoffs go with them (ON
// DELETE CASCADE). The cutoff comes from the injected clock; the timers never keep the process alive.
import type { Clock } from '../clock.js';
import type { ConversationStore, PurgeCursor } from '../storage/port.js';
import type { Log } from '../observability/logger.js';

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

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
  /** Told how many conversations each pass deleted (metrics). */
  onPurged?: (count: number) => void;
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
    const deleted = await store.purgeIdleSince(cutoff, batch);
    total += deleted;
    if (deleted < batch) return total;
    await new Promise((resolve) => setImmediate(resolve));
    if (options.signal?.aborted) return total;
  }
}

/** One purge pass; resolves with how many conversations were deleted. */
export async function purgeExpired(opts: Pick<RetentionOptions, 'store' | 'days' | 'clock' | 'log' | 'onPurged'>, signal?: AbortSignal): Promise<number> {
  const cutoff = retentionCutoff(opts.clock(), opts.days);
  const purged = await purgeIdle(opts.store, cutoff, signal ? { signal } : {});
  opts.log.info({ purged, cutoff, retentionDays: opts.days }, 'retention purge');
  opts.onPurged?.(purged);
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
  return schedulePasses(run, opts.firstRunMs ?? 60_000, opts.intervalMs ?? DAY_MS, stopped);
}

/**
 * Runs `run` once after `firstMs`, then every `everyMs`, on timers that never keep the process
 * alive; the returned stop clears them and aborts `stopped` (a pass in progress ends at its next step).
 */
function schedulePasses(run: () => void, firstMs: number, everyMs: number, stopped: AbortController): () => void {
  let interval: NodeJS.Timeout | undefined;
  const first = setTimeout(() => {
    run();
    interval = setInterval(run, everyMs);
    interval.unref();
  }, firstMs);
  first.unref();
  return () => {
    stopped.abort();
    clearTimeout(first);
    if (interval) clearInterval(interval);
  };
}

/** Rows an unused-conversation pass reads per step (a step holds the write lock only for its deletes). */
export const UNUSED_SCAN = 1000;

/**
 * Deletes the stored conversations without a visitor message last active before `cutoff`, reading
 * from `from` on (null: from the oldest), a step at a time, yielding to the event loop between
 * steps; stops early (between steps) once `signal` is aborted. Resolves with how many it deleted and
 * whether it read everything up to the cutoff.
 */
export async function purgeUnused(
  store: Pick<ConversationStore, 'purgeUnusedBefore'>,
  cutoff: string,
  options: { from?: PurgeCursor | null; scan?: number; signal?: AbortSignal } = {},
): Promise<{ purged: number; complete: boolean }> {
  let from = options.from ?? null;
  let purged = 0;
  for (;;) {
    const step = await store.purgeUnusedBefore(cutoff, from, options.scan ?? UNUSED_SCAN);
    purged += step.purged;
    if (!step.next) return { purged, complete: true };
    from = step.next;
    await new Promise((resolve) => setImmediate(resolve));
    if (options.signal?.aborted) return { purged, complete: false };
  }
}

export interface UnusedRetentionOptions {
  store: Pick<ConversationStore, 'purgeUnusedBefore'>;
  /** RETENTION_UNUSED_HOURS (at least 1). */
  hours: number;
  clock: Clock;
  log: Log;
  /** Between passes (default: an hour). */
  intervalMs?: number;
  /** Before the first pass after start (default: a minute). */
  firstRunMs?: number;
  onPurged?: (count: number) => void;
}

/** The cutoff for `hours` of retention of unused conversations at `now`. */
export const unusedCutoff = (now: Date, hours: number): string => new Date(now.getTime() - hours * HOUR_MS).toISOString();

/**
 * Starts the hourly pass over unused conversations; returns the function that stops it. The first
 * pass reads every conversation older than the cutoff (a stored conversation without a visitor
 * message is one from a graceful stop or an older version); later ones only those that became
 * older than the cutoff since the last complete pass, since a conversation never loses its messages.
 */
export function startUnusedRetentionTimer(opts: UnusedRetentionOptions): () => void {
  const stopped = new AbortController();
  let from: PurgeCursor | null = null;
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      const cutoff = unusedCutoff(opts.clock(), opts.hours);
      const { purged, complete } = await purgeUnused(opts.store, cutoff, { from, signal: stopped.signal });
      if (complete) from = { updatedAt: cutoff, key: '' };
      opts.log[purged > 0 ? 'info' : 'debug']({ purged, cutoff, retentionUnusedHours: opts.hours }, 'unused conversations purge');
      opts.onPurged?.(purged);
    } catch (err) {
      // Retried at the next pass, from where the last complete one ended.
      opts.log.error({ err }, 'unused conversations purge failed');
    } finally {
      running = false;
    }
  };
  return schedulePasses(() => void run(), opts.firstRunMs ?? 60_000, opts.intervalMs ?? HOUR_MS, stopped);
}
