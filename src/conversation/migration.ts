// Conversation events move from a table keyed by (conversation_id, seq) to one keyed by arrival,
// with (conversation_id, seq) as a unique index. Keyed by conversation, every turn inserted its
// events in the middle of the tree: a page split and rebalance every few turns of each
// conversation, ~4.7 WAL pages written per turn over 128 busy conversations. Keyed by arrival, the
// events of every turn in a group commit fill the same last pages, and only the small index entries
// land in the middle: ~2.8 pages per turn, and a quarter less CPU in the append
// (docs/benchmarks.md, "Fifth pass"). Reads go through the index, newest first, as before.
import type { Migration } from '../db/migrations.js';

export const eventsByArrivalMigration: Migration = {
  version: 5,
  name: 'conversation events stored in arrival order',
  sql: `
    CREATE TABLE conversation_events_by_arrival (
      id              INTEGER PRIMARY KEY,
      conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
      seq             INTEGER NOT NULL,
      type            TEXT NOT NULL,
      at              TEXT NOT NULL,
      payload         TEXT NOT NULL
    );
    INSERT INTO conversation_events_by_arrival (conversation_id, seq, type, at, payload)
      SELECT conversation_id, seq, type, at, payload FROM conversation_events ORDER BY at, conversation_id, seq;
    DROP TABLE conversation_events;
    ALTER TABLE conversation_events_by_arrival RENAME TO conversation_events;
    CREATE UNIQUE INDEX conversation_events_by_seq ON conversation_events (conversation_id, seq);
  `,
};
