-- The handoffs read model: one row per handoff, written only by the conversation append, in its
-- transaction (handoff/projection.ts says what each event changes).
CREATE TABLE handoffs (
  id              text COLLATE "C" PRIMARY KEY,
  conversation_id text COLLATE "C" NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  status          text NOT NULL CHECK (status IN ('queued', 'assigned', 'resolved', 'expired', 'cancelled')),
  reason          text NOT NULL,
  summary         text NOT NULL,
  assignee        text,
  note            text,
  requested_seq   integer NOT NULL,
  created_at      text COLLATE "C" NOT NULL,
  updated_at      text COLLATE "C" NOT NULL
);
CREATE INDEX handoffs_by_status ON handoffs (status, created_at, id);
CREATE INDEX handoffs_by_conversation ON handoffs (conversation_id, status);
