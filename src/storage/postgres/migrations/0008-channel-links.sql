-- Messenger channels (src/messaging/): each outside chat's conversations, newest generation
-- current, with what reached the chat and who is delivering it now; and each channel's named
-- positions (Telegram's getUpdates offset). A purged conversation takes its link with it.
CREATE TABLE channel_links (
  conversation_id text COLLATE "C" PRIMARY KEY REFERENCES conversations (id) ON DELETE CASCADE,
  channel         text COLLATE "C" NOT NULL,
  chat_id         text COLLATE "C" NOT NULL,
  generation      integer NOT NULL,
  opened_by       text COLLATE "C" NOT NULL,
  delivered_seq   integer NOT NULL,
  claim_owner     text COLLATE "C",
  claim_until     text COLLATE "C",
  created_at      text COLLATE "C" NOT NULL
);
CREATE UNIQUE INDEX channel_links_by_chat ON channel_links (channel, chat_id, generation);
CREATE UNIQUE INDEX channel_links_by_update ON channel_links (channel, opened_by);

CREATE TABLE channel_cursors (
  name       text COLLATE "C" PRIMARY KEY,
  value      text NOT NULL,
  updated_at text COLLATE "C" NOT NULL
);
