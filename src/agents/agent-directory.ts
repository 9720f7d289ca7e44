// Support agents and their bearer tokens. A token is shown once when made and stored only as a
// SHA-256 hash; revocation takes effect on the next request (nothing is cached).
import type { Clock } from '../clock.js';
import type { Db } from '../db/open-database.js';
import { AppError } from '../errors.js';
import { hashToken, newToken, tokenMatches } from '../security/tokens.js';

export const AgentName = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/;

export interface AgentDirectory {
  /** Creates the agent, or gives an existing one a new token (the old one stops working). */
  issueToken(name: string): string;
  revoke(name: string): boolean;
  /** The agent's name, or undefined for an unknown or revoked token. */
  authenticate(token: string | undefined): string | undefined;
  list(): { name: string; createdAt: string; revoked: boolean }[];
}

export function createAgentDirectory(db: Db, clock: Clock): AgentDirectory {
  const upsert = db.prepare(`INSERT INTO agents (name, token_hash, created_at, revoked_at) VALUES (?, ?, ?, NULL)
    ON CONFLICT (name) DO UPDATE SET token_hash = excluded.token_hash, revoked_at = NULL`);
  const revoke = db.prepare('UPDATE agents SET revoked_at = ?, token_hash = ? WHERE name = ? AND revoked_at IS NULL');
  const byHash = db.prepare<[Buffer], { name: string; token_hash: Buffer }>('SELECT name, token_hash FROM agents WHERE token_hash = ? AND revoked_at IS NULL');
  const all = db.prepare<[], { name: string; created_at: string; revoked_at: string | null }>('SELECT name, created_at, revoked_at FROM agents ORDER BY name');

  return {
    issueToken(name) {
      if (!AgentName.test(name)) throw new AppError('validation_failed', 'an agent name is 1-64 letters, digits, spaces, dots, dashes or underscores');
      const token = newToken('agent');
      upsert.run(name, hashToken(token), clock().toISOString());
      return token;
    },
    // The hash is replaced by random bytes so the revoked token can never match again.
    revoke: (name) => revoke.run(clock().toISOString(), hashToken(newToken('agent')), name).changes === 1,
    authenticate(token) {
      if (!token) return undefined;
      const row = byHash.get(hashToken(token));
      return row && tokenMatches(token, row.token_hash) ? row.name : undefined;
    },
    list: () => all.all().map((r) => ({ name: r.name, createdAt: r.created_at, revoked: r.revoked_at !== null })),
  };
}
