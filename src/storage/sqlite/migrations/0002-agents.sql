-- Support agents: a token hash each; revoked ones are kept (revoked_at) so a name is never reused unknowingly.
CREATE TABLE agents (
  name        TEXT PRIMARY KEY,
  token_hash  BLOB NOT NULL UNIQUE,
  created_at  TEXT NOT NULL,
  revoked_at  TEXT
);
