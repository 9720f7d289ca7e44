-- Conversation events keyed by arrival, with (conversation_id, seq) as a unique index: appends
-- fill the last pages of the table instead of splitting pages in its middle.
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
