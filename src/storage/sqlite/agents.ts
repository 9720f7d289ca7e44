// Support agents in SQLite: a name, the name visitors see, the SHA-256 of its token, and when it was revoked (port.ts AgentStore).
import type { AgentStore } from '../port.js';
import type { Db } from './open.js';

export function createSqliteAgentStore(db: Db): AgentStore {
  const upsert = db.prepare<[string, Buffer, string, string | null]>(`INSERT INTO agents (name, token_hash, created_at, revoked_at, display_name) VALUES (?, ?, ?, NULL, ?)
    ON CONFLICT (name) DO UPDATE SET token_hash = excluded.token_hash, revoked_at = NULL, display_name = COALESCE(excluded.display_name, agents.display_name)`);
  const revoke = db.prepare<[string, Buffer, string]>('UPDATE agents SET revoked_at = ?, token_hash = ? WHERE name = ? AND revoked_at IS NULL');
  const setDisplayName = db.prepare<[string | null, string]>('UPDATE agents SET display_name = ? WHERE name = ?');
  const byHash = db.prepare<[Buffer], { name: string; display_name: string | null; token_hash: Buffer }>('SELECT name, display_name, token_hash FROM agents WHERE token_hash = ? AND revoked_at IS NULL');
  const all = db.prepare<[], { name: string; display_name: string | null; created_at: string; revoked_at: string | null }>('SELECT name, display_name, created_at, revoked_at FROM agents ORDER BY name');
  return {
    upsert: async (name, tokenHash, at, displayName) => {
      upsert.run(name, tokenHash, at, displayName ?? null);
    },
    revoke: async (name, at, replacementHash) => revoke.run(at, replacementHash, name).changes === 1,
    setDisplayName: async (name, displayName) => setDisplayName.run(displayName, name).changes === 1,
    byTokenHash: async (tokenHash) => {
      const row = byHash.get(tokenHash);
      return row ? { name: row.name, displayName: row.display_name, tokenHash: row.token_hash } : undefined;
    },
    list: async () => all.all().map((r) => ({ name: r.name, displayName: r.display_name, createdAt: r.created_at, revoked: r.revoked_at !== null })),
  };
}
