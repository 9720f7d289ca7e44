-- Support agents: a token is stored only as its SHA-256 hash.
CREATE TABLE agents (
  name        text COLLATE "C" PRIMARY KEY,
  token_hash  bytea NOT NULL UNIQUE,
  created_at  text NOT NULL,
  revoked_at  text
);
