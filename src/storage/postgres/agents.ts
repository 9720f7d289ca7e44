// Support agents on PostgreSQL: a name, the name visitors see, the SHA-256 of its token, and when it was revoked (port.ts AgentStore).
import type pg from 'pg';
import type { AgentStore } from '../port.js';

export function createPostgresAgentStore(pool: pg.Pool): AgentStore {
  return {
    async upsert(name, tokenHash, at, displayName) {
      await pool.query(
        `INSERT INTO agents (name, token_hash, created_at, revoked_at, display_name) VALUES ($1, $2, $3, NULL, $4)
         ON CONFLICT (name) DO UPDATE SET token_hash = excluded.token_hash, revoked_at = NULL, display_name = COALESCE(excluded.display_name, agents.display_name)`,
        [name, tokenHash, at, displayName ?? null],
      );
    },
    async revoke(name, at, replacementHash) {
      const result = await pool.query('UPDATE agents SET revoked_at = $1, token_hash = $2 WHERE name = $3 AND revoked_at IS NULL', [at, replacementHash, name]);
      return result.rowCount === 1;
    },
    async setDisplayName(name, displayName) {
      const result = await pool.query('UPDATE agents SET display_name = $1 WHERE name = $2', [displayName, name]);
      return result.rowCount === 1;
    },
    async byTokenHash(tokenHash) {
      const { rows } = await pool.query<{ name: string; display_name: string | null; token_hash: Buffer }>(
        'SELECT name, display_name, token_hash FROM agents WHERE token_hash = $1 AND revoked_at IS NULL',
        [tokenHash],
      );
      return rows[0] ? { name: rows[0].name, displayName: rows[0].display_name, tokenHash: rows[0].token_hash } : undefined;
    },
    async list() {
      const { rows } = await pool.query<{ name: string; display_name: string | null; created_at: string; revoked_at: string | null }>(
        'SELECT name, display_name, created_at, revoked_at FROM agents ORDER BY name',
      );
      return rows.map((r) => ({ name: r.name, displayName: r.display_name, createdAt: r.created_at, revoked: r.revoked_at !== null }));
    },
  };
}
