// The SQLite connection, one per process: WAL so readers never wait for the writer,
// synchronous=FULL so an acknowledged write survives a power cut (NORMAL: survives the process
// dying, not the machine), foreign keys for the cascades a purge relies on, and a busy timeout so
// another process's write (`parley purge`, a backup) is waited for instead of failing at once.
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { fromRoot } from '../../paths.js';

export type Db = Database.Database;

export interface SqliteOptions {
  /** A file path, or ':memory:'. */
  path: string;
  /** `full` (default): fsync at every COMMIT. `normal`: durable across process death, not power loss. */
  synchronous?: 'full' | 'normal';
  /**
   * The page cache in MiB (better-sqlite3's default is 16). Rows are read by key and the file's
   * pages stay in the OS cache anyway; a small cache keeps the process small.
   */
  cacheMiB?: number;
}

export const MIGRATIONS_DIR = fromRoot('src', 'storage', 'sqlite', 'migrations');

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** `NNNN-name.sql`, in order. Never edit a shipped one: add the next number. */
export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .flatMap((file) => {
      const match = /^(\d{4})-(.+)\.sql$/.exec(file);
      return match ? [{ version: Number(match[1]), name: match[2] as string, sql: readFileSync(join(dir, file), 'utf8') }] : [];
    })
    .sort((a, b) => a.version - b.version);
}

export function openSqlite(options: SqliteOptions, migrations: readonly Migration[] = loadMigrations()): Db {
  if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
  const db = new Database(options.path, { timeout: 5000 });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(options.synchronous === 'normal' ? 'synchronous = NORMAL' : 'synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma(`cache_size = ${-Math.round((options.cacheMiB ?? 4) * 1024)}`); // negative: KiB
    migrate(db, migrations);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/**
 * Applies the migrations newer than `PRAGMA user_version`, each in its own transaction with the
 * version it sets, so a crash leaves the file at one version or the next. BEGIN IMMEDIATE: two
 * processes starting together apply each one once (the second waits, then sees the new version).
 */
function migrate(db: Db, migrations: readonly Migration[]): void {
  let applied = 0;
  for (const m of migrations) {
    db.transaction(() => {
      if ((db.pragma('user_version', { simple: true }) as number) >= m.version) return;
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
      applied++;
    }).immediate();
  }
  // A migration that rewrites a table passes all of it through the WAL, and a WAL file keeps its
  // largest size until the last connection closes: copy it into the database and empty it now.
  if (applied > 0 && !db.memory) db.pragma('wal_checkpoint(TRUNCATE)');
}
