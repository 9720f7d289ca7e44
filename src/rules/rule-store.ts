// The panel's `services` answer as last fetched, in SQLite: it survives restarts, so the bot can
// quote rules (marked as possibly out of date) even while the panel is down.
import type { Db } from '../db/open-database.js';
import type { PanelService } from '../panel/types.js';

export interface StoredRules {
  services: PanelService[];
  fetchedAt: string | null;
  currency: string | null;
}

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

export interface RuleStore {
  load(): StoredRules;
  /** Replaces the whole cached answer in one transaction. */
  save(services: readonly PanelService[], fetchedAt: string, currency: string | null): void;
}

export function createRuleStore(db: Db): RuleStore {
  const selectAll = db.prepare('SELECT * FROM service_rules ORDER BY service_id');
  const selectFetch = db.prepare('SELECT fetched_at, currency FROM service_rules_fetch WHERE id = 1');
  const deleteAll = db.prepare('DELETE FROM service_rules');
  const insert = db.prepare(`INSERT INTO service_rules (service_id, name, type, category, rate, min, max, refill, cancel, dripfeed)
    VALUES (@id, @name, @type, @category, @rate, @min, @max, @refill, @cancel, @dripfeed)`);
  const upsertFetch = db.prepare(`INSERT INTO service_rules_fetch (id, fetched_at, currency) VALUES (1, ?, ?)
    ON CONFLICT (id) DO UPDATE SET fetched_at = excluded.fetched_at, currency = excluded.currency`);
  const save = db.transaction((services: readonly PanelService[], fetchedAt: string, currency: string | null) => {
    deleteAll.run();
    for (const s of services) {
      insert.run({ ...s, refill: toFlag(s.refill), cancel: toFlag(s.cancel), dripfeed: toFlag(s.dripfeed) });
    }
    upsertFetch.run(fetchedAt, currency);
  });
  return {
    load() {
      const rows = selectAll.all() as Row[];
      const fetch = selectFetch.get() as { fetched_at: string; currency: string | null } | undefined;
      return {
        services: rows.map((r) => ({
          id: r.service_id, name: r.name, type: r.type, category: r.category, rate: r.rate, min: r.min, max: r.max,
          refill: fromFlag(r.refill), cancel: fromFlag(r.cancel), dripfeed: fromFlag(r.dripfeed),
        })),
        fetchedAt: fetch?.fetched_at ?? null,
        currency: fetch?.currency ?? null,
      };
    },
    save: (services, fetchedAt, currency) => save(services, fetchedAt, currency),
  };
}
