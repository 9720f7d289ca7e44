// Numbered, append-only schema changes. Applied in order at start inside one transaction each;
// `PRAGMA user_version` records the last one applied. Never edit a shipped migration: add one.
import { eventBatchesMigration, eventsByArrivalMigration } from '../conversation/migration.js';
import { handoffsMigration } from '../handoff/migration.js';
import { ordersMigration } from '../orders/migration.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

// Each room that owns tables exports its migrations; this list orders them.
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'conversations and their events',
    sql: `
      CREATE TABLE conversations (
        id          TEXT PRIMARY KEY,
        token_hash  BLOB NOT NULL,
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        last_seq    INTEGER NOT NULL,
        state       TEXT NOT NULL
      );
      CREATE INDEX conversations_by_updated_at ON conversations (updated_at);

      CREATE TABLE conversation_events (
        conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
        seq             INTEGER NOT NULL,
        type            TEXT NOT NULL,
        at              TEXT NOT NULL,
        payload         TEXT NOT NULL,
        PRIMARY KEY (conversation_id, seq)
      ) WITHOUT ROWID;

      CREATE TABLE turn_replies (
        conversation_id   TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
        client_message_id TEXT NOT NULL,
        reply             TEXT NOT NULL,
        PRIMARY KEY (conversation_id, client_message_id)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    name: 'support agents',
    sql: `
      CREATE TABLE agents (
        name        TEXT PRIMARY KEY,
        token_hash  BLOB NOT NULL UNIQUE,
        created_at  TEXT NOT NULL,
        revoked_at  TEXT
      );
    `,
  },
  ordersMigration,
  handoffsMigration,
  eventsByArrivalMigration,
  eventBatchesMigration,
];
