-- Conversations, their events and the replies retried turns get back.
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
