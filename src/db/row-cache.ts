// A bounded in-process copy of rows this connection reads often and writes itself. It stays exact
// because (1) its owner updates it right after each COMMIT that changes a row (group-commit.ts
// `committed`), and (2) `PRAGMA data_version` changes when any other connection commits (another
// process: `parley purge`, a restore): then every copy is dropped before anything is read from it.
// data_version is checked at the first read in each turn of the event loop, not at every read:
// each check is a read transaction (its shared-memory locks are syscalls, ~7 µs under load, twice
// a visitor turn), and a read later in the same loop turn sees the database as of that check, as
// if it had been made a moment earlier. It spares the row's own read and parse.
import type { Db } from './open-database.js';

export interface RowCache<V> {
  /** The copy, if there is one and no other connection had committed by this loop turn's first get. */
  get(key: string): V | undefined;
  /** Stores a copy read or written by this connection (the most recent ones are kept). */
  set(key: string, value: V): void;
  /** The copy without the data_version check: for an owner updating it inside its own write path. */
  peek(key: string): V | undefined;
  /** Drops one copy (its owner found it out of date). */
  forget(key: string): void;
  clear(): void;
}

export function createRowCache<V>(db: Db, capacity: number): RowCache<V> {
  const dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
  let version = dataVersion.get();
  let checked = false;
  const expireCheck = () => {
    checked = false;
  };
  const rows = new Map<string, V>();
  return {
    get(key) {
      if (!checked) {
        checked = true;
        setImmediate(expireCheck);
        const now = dataVersion.get();
        if (now !== version) {
          rows.clear();
          version = now;
          return undefined;
        }
      }
      return rows.get(key);
    },
    set(key, value) {
      rows.delete(key); // re-inserted last: the Map's order is the order of use, oldest first
      rows.set(key, value);
      if (rows.size > capacity) rows.delete(rows.keys().next().value as string);
    },
    peek: (key) => rows.get(key),
    forget: (key) => {
      rows.delete(key);
    },
    clear: () => rows.clear(),
  };
}
