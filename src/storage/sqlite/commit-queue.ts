// Writes issued in the same turn of the event loop share one transaction, so one COMMIT (one fsync
// with synchronous=FULL) acknowledges them all. Why: that fsync blocks the event loop, and on a
// disk shared with other work it takes milliseconds, not the tenth of one it takes on an idle one;
// one per write then caps a whole server at a few hundred turns a second (docs/benchmarks.md).
// Each write runs in its own savepoint, so one that throws is undone and rejected alone. A promise
// resolves only after the COMMIT holding its write has returned.
import type { Db } from './open.js';

interface Pending {
  write: () => unknown;
  resolve: (value: never) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Most writes one transaction holds: a longer queue is written in several, keeping each short. */
const MAX_GROUP = 256;

export function commitQueue(db: Db): <T>(write: () => T) => Promise<T> {
  // Called inside the group's transaction, better-sqlite3 runs this one as a SAVEPOINT.
  const inSavepoint = db.transaction((write: () => unknown) => write());
  const inGroup = db.transaction((group: readonly Pending[]): Outcome[] =>
    group.map(({ write }): Outcome => {
      try {
        return { ok: true, value: inSavepoint(write) };
      } catch (error) {
        // Some errors (disk full, I/O) make SQLite roll back the whole transaction: then nothing
        // in the group is written, and every write in it must be told so.
        if (!db.inTransaction) throw error;
        return { ok: false, error };
      }
    }));

  const queue: Pending[] = [];
  const flush = (): void => {
    const group = queue.splice(0, MAX_GROUP);
    if (queue.length > 0) setImmediate(flush);
    let outcomes: Outcome[];
    try {
      outcomes = inGroup.immediate(group);
    } catch (error) {
      for (const pending of group) pending.reject(error);
      return;
    }
    group.forEach((pending, i) => {
      const outcome = outcomes[i] as Outcome;
      if (outcome.ok) pending.resolve(outcome.value as never);
      else pending.reject(outcome.error);
    });
  };

  return <T>(write: () => T) => new Promise<T>((resolve, reject) => {
    // setImmediate runs after the poll phase: every request read in this turn of the loop joins.
    if (queue.push({ write, resolve: resolve as (value: never) => void, reject }) === 1) setImmediate(flush);
  });
}
