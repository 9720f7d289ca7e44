// Numbered, append-only schema changes (migrations/NNNN-name.sql), applied in order at start, each
// in its own transaction and recorded in schema_migrations. Instances starting together against
// one database take turns under a session advisory lock: the first applies what is pending, the
// others then find nothing left. The lock is the session's, so a process killed mid-migration
// releases it with its connection (and its open transaction rolls back). Never edit a shipped
// migration: add one.
import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { fromRoot } from '../../paths.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Read from the checkout, like the prompts: the build does not copy .sql files into dist/. */
export const MIGRATIONS_DIR = fromRoot('src', 'storage', 'postgres', 'migrations');

// Any constant both sides agree on; this one is "parley" in ASCII.
const MIGRATION_LOCK = 0x7061726c6579;

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const migrations = readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .map((file) => {
      const match = /^(\d{4})-([a-z0-9-]+)\.sql$/.exec(file);
      if (!match) throw new Error(`a migration file is named NNNN-name.sql: ${file}`);
      return { version: Number(match[1]), name: match[2] as string, sql: readFileSync(`${dir}/${file}`, 'utf8') };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migrations are numbered 1, 2, 3… without gaps: ${m.version} is number ${i + 1}`);
  });
  return migrations;
}

/** Applies the pending migrations; returns the versions this call applied (none when another instance did). */
export async function migrate(config: pg.ClientConfig, migrations: readonly Migration[] = loadMigrations()): Promise<number[]> {
  // A connection of its own, without the pool's statement timeout: a migration rewriting a large
  // table, or waiting for another instance's, may take longer than any request should.
  const client = new pg.Client({ ...config, statement_timeout: 0 });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version    integer PRIMARY KEY,
      name       text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((r) => r.version));
    const known = new Set(migrations.map((m) => m.version));
    const unknown = [...applied].filter((v) => !known.has(v));
    // A newer Parley migrated this database: this one's queries may not fit the schema any more.
    if (unknown.length > 0) throw new Error(`the database has migrations this version does not know (${unknown.join(', ')}): run the newer version`);
    const done: number[] = [];
    for (const m of migrations) {
      if (applied.has(m.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${m.version} (${m.name}) failed: ${(err as Error).message}`, { cause: err });
      }
      done.push(m.version);
    }
    return done;
  } finally {
    // Ending the session releases the lock too; unlocking first lets the next instance go at once.
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await client.end();
  }
}
