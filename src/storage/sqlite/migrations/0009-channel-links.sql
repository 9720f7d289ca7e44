-- Messenger channels (src/messaging/): each outside chat's conversations, newest generation
-- current, with what reached the chat and who is delivering it now; and each channel's named
-- positions (Telegram's getUpdates offset). A purged conversation takes its link with it.
CREATE TABLE channel_links (
  conversation_id TEXT PRIMARY KEY REFERENCES conversations (id) ON DELETE CASCADE,
  channel         TEXT NOT NULL,
  chat_id         TEXT NOT NULL,
  generation      INTEGER NOT NULL,
  opened_by       TEXT NOT NULL,
  delivered_seq   INTEGER NOT NULL,
  claim_owner     TEXT,
  claim_until     TEXT,
  created_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX channel_links_by_chat ON channel_links (channel, chat_id, generation);
CREATE UNIQUE INDEX channel_links_by_update ON channel_links (channel, opened_by);

CREATE TABLE channel_cursors (
  name       TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
