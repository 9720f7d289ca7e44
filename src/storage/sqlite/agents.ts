// Support agents in SQLite: a name, the SHA-256 of its token, and when it was revoked (port.ts AgentStore).
import type { AgentStore } from '../port.js';
import type { Db } from './open.js';

export function createSqliteAgentStore(db: Db): AgentStore {
  const upsert = db.prepare<[string, Buffer, string]>(`INSERT INTO agents (name, token_hash, created_at, revoked_at) VALUES (?, ?, ?, NULL)
    ON CONFLICT (name) DO UPDATE SET token_hash = excluded.token_hash, revoked_at = NULL`);
  const revoke = db.prepare<[string, Buffer, string]>('UPDATE agents SET revoked_at = ?, token_hash = ? WHERE name = ? AND revoked_at IS NULL');
  const byHash = db.prepare<[Buffer], { name: string; token_hash: Buffer }>('SELECT name, token_hash FROM agents WHERE token_hash = ? AND revoked_at IS NULL');
  const all = db.prepare<[], { name: string; created_at: string; revoked_at: string | null }>('SELECT name, created_at, revoked_at FROM agents ORDER BY name');
  return {
    upsert: async (name, tokenHash, at) => {
      upsert.run(name, tokenHash, at);
    },
    revoke: async (name, at, replacementHash) => revoke.run(at, replacementHash, name).changes === 1,
    byTokenHash: async (tokenHash) => {
      const row = byHash.get(tokenHash);
      return row ? { name: row.name, tokenHash: row.token_hash } : undefined;
    },
    list: async () => all.all().map((r) => ({ name: r.name, createdAt: r.created_at, revoked: r.revoked_at !== null })),
  };
}
