// The panel's `services` answer as last fetched, in SQLite (port.ts RuleStore): it survives
// restarts, so the bot can quote rules (marked as possibly out of date) while the panel is down.
import type { PanelService } from '../../panel/types.js';
import type { RuleStore } from '../port.js';
import type { Db } from './open.js';

interface Row {
  service_id: string;
  name: string;
  type: string;
  category: string;
  rate: string;
  min: number;
  max: number;
  refill: number | null;
  cancel: number | null;
  dripfeed: number | null;
}

const toFlag = (value: boolean | null): number | null => (value === null ? null : value ? 1 : 0);
const fromFlag = (value: number | null): boolean | null => (value === null ? null : value === 1);

export function createSqliteRuleStore(db: Db): RuleStore {
  const selectAll = db.prepare<[], Row>('SELECT * FROM service_rules ORDER BY service_id');
  const selectFetch = db.prepare<[], { fetched_at: string; currency: string | null }>('SELECT fetched_at, currency FROM service_rules_fetch WHERE id = 1');
  const deleteAll = db.prepare('DELETE FROM service_rules');
  const insert = db.prepare(`INSERT INTO service_rules (service_id, name, type, category, rate, min, max, refill, cancel, dripfeed)
    VALUES (@id, @name, @type, @category, @rate, @min, @max, @refill, @cancel, @dripfeed)`);
  const upsertFetch = db.prepare<[string, string | null]>(`INSERT INTO service_rules_fetch (id, fetched_at, currency) VALUES (1, ?, ?)
    ON CONFLICT (id) DO UPDATE SET fetched_at = excluded.fetched_at, currency = excluded.currency`);
  const save = db.transaction((services: readonly PanelService[], fetchedAt: string, currency: string | null) => {
    deleteAll.run();
    for (const s of services) {
      insert.run({ id: s.id, name: s.name, type: s.type, category: s.category, rate: s.rate, min: s.min, max: s.max, refill: toFlag(s.refill), cancel: toFlag(s.cancel), dripfeed: toFlag(s.dripfeed) });
    }
    upsertFetch.run(fetchedAt, currency);
  });
  // Both reads in one transaction, so a save on another connection is seen whole or not at all.
  const load = db.transaction(() => ({ rows: selectAll.all(), fetch: selectFetch.get() }));
  return {
    load: async () => {
      const { rows, fetch } = load();
      return {
        services: rows.map((r) => ({
          id: r.service_id, name: r.name, type: r.type, category: r.category, rate: r.rate, min: r.min, max: r.max,
          refill: fromFlag(r.refill), cancel: fromFlag(r.cancel), dripfeed: fromFlag(r.dripfeed),
        })),
        fetchedAt: fetch?.fetched_at ?? null,
        currency: fetch?.currency ?? null,
      };
    },
    save: async (services, fetchedAt, currency) => save.immediate(services, fetchedAt, currency),
  };
}
