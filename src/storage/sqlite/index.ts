// The SQLite adapter of the storage port (storage/port.ts): one connection, every store on it.
// The default: `npm start` needs no database server.
import type { AppendListener, Storage } from '../port.js';
import { createSqliteAgentStore } from './agents.js';
import { createSqliteChannelStore } from './channels.js';
import { createSqliteConversationStore } from './conversations.js';
import { createSqliteCounterStore } from './counters.js';
import { createSqliteHandoffStore } from './handoffs.js';
import { openSqlite, type Db, type SqliteOptions } from './open.js';
import { createSqliteOrderStore } from './orders.js';
import { createSqliteRuleStore } from './rules.js';

export type { SqliteOptions } from './open.js';

export interface SqliteStorageOptions extends SqliteOptions {
  /** A watchAppends listener threw: the append it was told about is committed all the same. */
  onListenerError?: (err: unknown) => void;
}

export interface SqliteStorage extends Storage {
  /**
   * The connection, for tests that look at the stored rows themselves (an in-memory database has
   * no second connection). Nothing outside storage/ uses it: the app goes through the port.
   */
  readonly db: Db;
}

export function openSqliteStorage(options: SqliteStorageOptions): SqliteStorage {
  const db = openSqlite(options);
  const listeners = new Set<AppendListener>();
  const committed: AppendListener = (change) => {
    for (const listener of listeners) {
      try {
        listener(change);
      } catch (err) {
        options.onListenerError?.(err);
      }
    }
  };
  return {
    kind: 'sqlite',
    db,
    conversations: createSqliteConversationStore(db, committed),
    handoffs: createSqliteHandoffStore(db),
    orders: createSqliteOrderStore(db),
    agents: createSqliteAgentStore(db),
    rules: createSqliteRuleStore(db),
    counters: createSqliteCounterStore(db),
    channels: createSqliteChannelStore(db),
    watchAppends(listener) {
      // A wrapper each: the same function subscribed twice is told twice and unsubscribed once each.
      const own: AppendListener = (change) => listener(change);
      listeners.add(own);
      return () => listeners.delete(own);
    },
    ping: async () => {
      db.prepare('SELECT 1').get();
    },
    close: async () => {
      listeners.clear();
      db.close();
    },
  };
}
