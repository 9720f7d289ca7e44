// Group commit: writes that arrive in the same turn of the event loop share one transaction, so
// one COMMIT (one fsync with synchronous=FULL) acknowledges them all. A write that throws is
// rolled back alone and rejects alone: each runs in its own savepoint, or, for errors the caller
// knows are thrown before anything is written (`refusedBeforeWriting`), without one.
// A promise resolves only after the COMMIT that holds its write has returned, and, with `walSync`
// (wal-sync.ts), after the WAL has been fsynced off the event loop.
import type { Db } from './open-database.js';

type Outcome<Out> = { ok: true; value: Out } | { ok: false; error: unknown };

interface Pending<In, Out> {
  input: In;
  resolve: (value: Out) => void;
  reject: (error: unknown) => void;
}

/** Most writes one transaction holds; a longer queue is written in several (keeps each lock short). */
export const MAX_GROUP = 256;

export interface GroupCommitOptions {
  /**
   * Durability off the event loop (wal-sync.ts): each group commits with synchronous=NORMAL (no
   * fsync inside the COMMIT) and its writes are acknowledged once this resolves. Without it, a
   * COMMIT is as durable as the connection's own setting makes it.
   */
  walSync?: () => Promise<void>;
}

export interface GroupCommitHooks<In, Out> extends GroupCommitOptions {
  /**
   * Told of each written input right after the COMMIT that holds it returns, before any other code
   * runs (and before the WAL sync): an in-process copy updated here never disagrees with the
   * database. Not told of refused writes, nor of a group whose transaction failed.
   */
  committed?: (input: In, value: Out) => void;
  /**
   * True for the errors `write` throws before it has written anything (a conditional update that
   * found the row moved on). Given this, writes run without a savepoint each (two statements less
   * per write): such an error rejects its write alone; any other rolls the group back, and the group
   * is written again with a savepoint per write.
   */
  refusedBeforeWriting?: (error: unknown) => boolean;
}

/** A write failed without a savepoint: what it left behind can only be undone with its group. */
class UnguardedFailure {
  constructor(readonly error: unknown) {}
}

export function groupCommit<In, Out>(db: Db, write: (input: In) => Out, options: GroupCommitHooks<In, Out> = {}): (input: In) => Promise<Out> {
  const { walSync, committed, refusedBeforeWriting } = options;
  // Called inside the group's transaction, better-sqlite3 runs this one as a SAVEPOINT.
  const writeOne = db.transaction(write);
  const writeGroup = db.transaction((group: readonly Pending<In, Out>[], guarded: boolean): Outcome<Out>[] =>
    group.map(({ input }) => {
      try {
        return { ok: true, value: guarded ? writeOne(input) : write(input) };
      } catch (error) {
        // Some errors (disk full, I/O) make SQLite roll back the whole transaction: then nothing in
        // the group is written, and the whole group must be told so.
        if (!db.inTransaction) throw error;
        if (guarded || refusedBeforeWriting?.(error)) return { ok: false, error };
        throw new UnguardedFailure(error);
      }
    }));
  const writeAll = (group: readonly Pending<In, Out>[]): Outcome<Out>[] => {
    if (!refusedBeforeWriting) return writeGroup.immediate(group, true);
    try {
      return writeGroup.immediate(group, false);
    } catch (error) {
      if (error instanceof UnguardedFailure) return writeGroup.immediate(group, true);
      throw error;
    }
  };

  // Only the group's own transaction skips SQLite's fsync; every other transaction on the
  // connection keeps the connection's setting. (db.pragma each time: SQLite applies this pragma
  // when the statement is compiled, so a prepared one cannot be run again.)
  const synchronous = db.pragma('synchronous', { simple: true }) as number;
  const commit = (group: readonly Pending<In, Out>[]): Outcome<Out>[] => {
    if (!walSync) return writeAll(group);
    db.pragma('synchronous = NORMAL');
    try {
      return writeAll(group);
    } finally {
      db.pragma(`synchronous = ${synchronous}`);
    }
  };

  let queue: Pending<In, Out>[] = [];
  const flush = (): void => {
    const group = queue.splice(0, MAX_GROUP);
    if (queue.length > 0) setImmediate(flush);
    let outcomes: Outcome<Out>[];
    try {
      outcomes = commit(group);
    } catch (error) {
      for (const pending of group) pending.reject(error);
      return;
    }
    const written: [Pending<In, Out>, Out][] = [];
    outcomes.forEach((outcome, i) => {
      const pending = group[i] as Pending<In, Out>;
      if (outcome.ok) {
        written.push([pending, outcome.value]);
        committed?.(pending.input, outcome.value);
      } else pending.reject(outcome.error); // a refused write left nothing behind: told at once
    });
    const acknowledge = () => {
      for (const [pending, value] of written) pending.resolve(value);
    };
    if (!walSync || written.length === 0) return acknowledge();
    walSync().then(acknowledge, (error: unknown) => {
      // Committed but not known to be on disk: not acknowledged. A failed fsync is final
      // (wal-sync.ts): the server exits and SQLite recovers from the disk at the next start.
      for (const [pending] of written) pending.reject(error);
    });
  };

  return (input) => new Promise<Out>((resolve, reject) => {
    // The first write of a group schedules the flush; setImmediate runs after the poll phase, so
    // every request read in this turn of the loop has had its chance to join.
    if (queue.push({ input, resolve, reject }) === 1) setImmediate(flush);
  });
}
