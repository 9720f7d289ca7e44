-- Conversations, their events (one row each, numbered per conversation) and the turn replies kept
-- for idempotent retries. Times are ISO-8601 text, as the port hands them in and returns them; ids
-- and times compare byte by byte (COLLATE "C") so order and cutoffs are SQLite's whatever the
-- database's default collation. JSON is `json`, kept as written: `jsonb` refuses \u0000 in strings.
CREATE TABLE conversations (
  id          text COLLATE "C" PRIMARY KEY,
  token_hash  bytea NOT NULL,
  created_at  text COLLATE "C" NOT NULL,
  updated_at  text COLLATE "C" NOT NULL,
  last_seq    integer NOT NULL,
  state       json NOT NULL
);
CREATE INDEX conversations_by_updated_at ON conversations (updated_at, id);

CREATE TABLE conversation_events (
  conversation_id text COLLATE "C" NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  seq             integer NOT NULL,
  type            text NOT NULL,
  at              text COLLATE "C" NOT NULL,
  event           json NOT NULL,
  PRIMARY KEY (conversation_id, seq)
);

CREATE TABLE turn_replies (
  conversation_id   text COLLATE "C" NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  client_message_id text NOT NULL,
  reply             json NOT NULL,
  PRIMARY KEY (conversation_id, client_message_id)
);
