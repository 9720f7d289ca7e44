-- One row per append instead of one per event: a turn's events are one JSON array, one INSERT and
-- one index entry. Rows are read newest first through (conversation_id, last_seq) and expanded;
-- existing events become one-event batches, their payload text kept byte for byte.
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
