// Group commit: writes that arrive in the same turn of the event loop share one transaction, so
// one COMMIT (one fsync with synchronous=FULL) acknowledges them all. Each write runs in its own
// savepoint: one that throws (a concurrent append, say) is rolled back alone and rejects alone.
// A promise resolves only after the COMMIT that holds its write has returned.
import type { Db } from './open-database.js';

type Outcome<Out> = { ok: true; value: Out } | { ok: false; error: unknown };

interface Pending<In, Out> {
  input: In;
  resolve: (value: Out) => void;
  reject: (error: unknown) => void;
}

/** Most writes one transaction holds; a longer queue is written in several (keeps each lock short). */
export const MAX_GROUP = 256;

export function groupCommit<In, Out>(db: Db, write: (input: In) => Out): (input: In) => Promise<Out> {
  // Called inside the group's transaction, better-sqlite3 runs this one as a SAVEPOINT.
  const writeOne = db.transaction(write);
  const writeGroup = db.transaction((group: readonly Pending<In, Out>[]): Outcome<Out>[] =>
    group.map(({ input }) => {
      try {
        return { ok: true, value: writeOne(input) };
      } catch (error) {
        // Some errors (disk full, I/O) make SQLite roll back the whole transaction: then nothing in
        // the group is written, and the whole group must be told so.
        if (!db.inTransaction) throw error;
        return { ok: false, error };
      }
    }));

  let queue: Pending<In, Out>[] = [];
  const flush = (): void => {
    const group = queue.splice(0, MAX_GROUP);
    if (queue.length > 0) setImmediate(flush);
    let outcomes: Outcome<Out>[];
    try {
      outcomes = writeGroup.immediate(group);
    } catch (error) {
      for (const pending of group) pending.reject(error);
      return;
    }
    outcomes.forEach((outcome, i) => {
      const pending = group[i] as Pending<In, Out>;
      if (outcome.ok) pending.resolve(outcome.value);
      else pending.reject(outcome.error);
    });
  };

  return (input) => new Promise<Out>((resolve, reject) => {
    // The first write of a group schedules the flush; setImmediate runs after the poll phase, so
    // every request read in this turn of the loop has had its chance to join.
    if (queue.push({ input, resolve, reject }) === 1) setImmediate(flush);
  });
}
