-- The handoffs read model: one row per handoff, written only by a conversation's append (in its
-- transaction, as handoff/projection.ts says), so the agents' queue is one indexed query.
CREATE TABLE handoffs (
  id              TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  status          TEXT NOT NULL CHECK (status IN ('queued', 'assigned', 'resolved', 'expired', 'cancelled')),
  reason          TEXT NOT NULL,
  summary         TEXT NOT NULL,
  assignee        TEXT,
  note            TEXT,
  requested_seq   INTEGER NOT NULL,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);
CREATE INDEX handoffs_by_status ON handoffs (status, created_at, id);
CREATE INDEX handoffs_by_conversation ON handoffs (conversation_id, status);
