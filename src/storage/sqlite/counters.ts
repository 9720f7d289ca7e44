// Counted hits per key in SQLite: one row per hit, counted since a time (port.ts CounterStore).
import type { CounterStore } from '../port.js';
import type { Db } from './open.js';

export function createSqliteCounterStore(db: Db): CounterStore {
  const insert = db.prepare<[string, string]>('INSERT INTO counter_hits (key, at) VALUES (?, ?)');
  const countSince = db.prepare<[string, string], { n: number }>('SELECT COUNT(*) AS n FROM counter_hits WHERE key = ? AND at >= ?');
  const purge = db.prepare<[string]>('DELETE FROM counter_hits WHERE at < ?');
  const count = (key: string, since: string): number => (countSince.get(key, since) as { n: number }).n;
  // The insert and the count in one transaction: the count includes this hit and every committed one.
  const hit = db.transaction((key: string, at: string, since: string): number => {
    insert.run(key, at);
    return count(key, since);
  });
  return {
    hit: async (key, at, since) => hit.immediate(key, at, since),
    count: async (key, since) => count(key, since),
    purgeBefore: async (cutoff) => purge.run(cutoff).changes,
  };
}
