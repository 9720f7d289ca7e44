// Counted hits per key on PostgreSQL, shared by every instance: one row per hit, counted since a
// time (port.ts CounterStore). Hits on one key take turns (a transaction-scoped advisory lock on
// the key's hash), so two instances counting at once see each other's hit: a guess limit of 5
// lets 5 through, not 5 per instance or 6 in a race.
import type pg from 'pg';
import type { CounterStore } from '../port.js';
import { inTransaction } from './pool.js';

const countSince = 'SELECT COUNT(*) AS n FROM counter_hits WHERE key = $1 AND at >= $2';

export function createPostgresCounterStore(pool: pg.Pool): CounterStore {
  return {
    hit: (key, at, since) => inTransaction(pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
      await client.query('INSERT INTO counter_hits (key, at) VALUES ($1, $2)', [key, at]);
      // A statement after the lock: its snapshot holds every hit committed before this one's turn.
      const { rows } = await client.query<{ n: number }>(countSince, [key, since]);
      return rows[0]?.n ?? 0;
    }),
    async count(key, since) {
      const { rows } = await pool.query<{ n: number }>(countSince, [key, since]);
      return rows[0]?.n ?? 0;
    },
    async purgeBefore(cutoff) {
      const result = await pool.query('DELETE FROM counter_hits WHERE at < $1', [cutoff]);
      return result.rowCount ?? 0;
    },
  };
}
