// The panel's `services` answer as last fetched, on PostgreSQL (port.ts RuleStore): it survives
// restarts, so the bot can quote rules (marked as possibly out of date) while the panel is down.
import type pg from 'pg';
import type { RuleStore } from '../port.js';
import { inTransaction } from './pool.js';

interface Row {
  service_id: string;
  name: string;
  type: string;
  category: string;
  rate: string;
  min: number;
  max: number;
  refill: boolean | null;
  cancel: boolean | null;
  dripfeed: boolean | null;
}

export function createPostgresRuleStore(pool: pg.Pool): RuleStore {
  return {
    // Both reads see one snapshot: a save committed by another instance meanwhile is seen whole or not at all.
    load: () => inTransaction(pool, async (client) => {
      await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      const { rows } = await client.query<Row>('SELECT * FROM service_rules ORDER BY service_id');
      const fetch = (await client.query<{ fetched_at: string; currency: string | null }>(
        'SELECT fetched_at, currency FROM service_rules_fetch WHERE id = 1',
      )).rows[0];
      return {
        services: rows.map((r) => ({
          id: r.service_id, name: r.name, type: r.type, category: r.category, rate: r.rate, min: r.min, max: r.max,
          refill: r.refill, cancel: r.cancel, dripfeed: r.dripfeed,
        })),
        fetchedAt: fetch?.fetched_at ?? null,
        currency: fetch?.currency ?? null,
      };
    }),
    save: (services, fetchedAt, currency) => inTransaction(pool, async (client) => {
      // Every instance refreshes the rules: two saves at once would each delete the old rows and
      // the second insert would collide with the first's new ones. Saves take turns (reads go on).
      await client.query('LOCK TABLE service_rules IN EXCLUSIVE MODE');
      await client.query('DELETE FROM service_rules');
      if (services.length > 0) {
        const column = <K extends keyof (typeof services)[number]>(key: K) => services.map((s) => s[key]);
        await client.query(
          `INSERT INTO service_rules (service_id, name, type, category, rate, min, max, refill, cancel, dripfeed)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::bigint[], $8::boolean[], $9::boolean[], $10::boolean[])`,
          [column('id'), column('name'), column('type'), column('category'), column('rate'), column('min'), column('max'), column('refill'), column('cancel'), column('dripfeed')],
        );
      }
      await client.query(
        `INSERT INTO service_rules_fetch (id, fetched_at, currency) VALUES (1, $1, $2)
         ON CONFLICT (id) DO UPDATE SET fetched_at = excluded.fetched_at, currency = excluded.currency`,
        [fetchedAt, currency],
      );
    }),
  };
}
