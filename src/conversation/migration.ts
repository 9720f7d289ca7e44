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

// One row per append instead of one per event: a turn's ~5 events are one JSON array, one INSERT
// and one index entry. The insert was ~20 µs a turn instead of ~40 in a raw test, the largest cut
// left in the turn's write (docs/benchmarks.md, "Sixth pass"). Rows are read newest first through
// (conversation_id, last_seq) and expanded; existing events become one-event batches, their payload
// text kept byte for byte.
export const eventBatchesMigration: Migration = {
  version: 6,
  name: 'conversation events stored one batch per append',
  sql: `
    CREATE TABLE conversation_event_batches (
      id              INTEGER PRIMARY KEY,
      conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
      first_seq       INTEGER NOT NULL,
      last_seq        INTEGER NOT NULL,
      at              TEXT NOT NULL,
      events          TEXT NOT NULL
    );
    INSERT INTO conversation_event_batches (conversation_id, first_seq, last_seq, at, events)
      SELECT conversation_id, seq, seq, at, '[' || payload || ']' FROM conversation_events ORDER BY id;
    DROP TABLE conversation_events;
    CREATE UNIQUE INDEX conversation_event_batches_by_seq ON conversation_event_batches (conversation_id, last_seq);
  `,
};
