// Support agents on PostgreSQL: a name, the SHA-256 of its token, and when it was revoked (port.ts AgentStore).
import type pg from 'pg';
import type { AgentStore } from '../port.js';

export function createPostgresAgentStore(pool: pg.Pool): AgentStore {
  return {
    async upsert(name, tokenHash, at) {
      await pool.query(
        `INSERT INTO agents (name, token_hash, created_at, revoked_at) VALUES ($1, $2, $3, NULL)
         ON CONFLICT (name) DO UPDATE SET token_hash = excluded.token_hash, revoked_at = NULL`,
        [name, tokenHash, at],
      );
    },
    async revoke(name, at, replacementHash) {
      const result = await pool.query('UPDATE agents SET revoked_at = $1, token_hash = $2 WHERE name = $3 AND revoked_at IS NULL', [at, replacementHash, name]);
      return result.rowCount === 1;
    },
    async byTokenHash(tokenHash) {
      const { rows } = await pool.query<{ name: string; token_hash: Buffer }>(
        'SELECT name, token_hash FROM agents WHERE token_hash = $1 AND revoked_at IS NULL',
        [tokenHash],
      );
      return rows[0] ? { name: rows[0].name, tokenHash: rows[0].token_hash } : undefined;
    },
    async list() {
      const { rows } = await pool.query<{ name: string; created_at: string; revoked_at: string | null }>(
        'SELECT name, created_at, revoked_at FROM agents ORDER BY name',
      );
      return rows.map((r) => ({ name: r.name, createdAt: r.created_at, revoked: r.revoked_at !== null }));
    },
  };
}
