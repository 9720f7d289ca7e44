// One SQLite connection per process: WAL for concurrent readers, synchronous=FULL so an
// acknowledged write survives power loss too, a busy timeout instead of instant SQLITE_BUSY.
// synchronous=NORMAL (DB_SYNCHRONOUS=normal) skips the fsync at each COMMIT (the WAL is synced at
// checkpoints): a committed write still survives the process being killed (kill -9, a crash),
// not a power cut or kernel panic, which may lose the last commits (never corrupt the file).
// The server's conversation appends take FULL's fsync off the event loop (wal-sync.ts).
// See docs/benchmarks.md for what each costs.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Config } from '../config.js';
import { migrations as allMigrations, type Migration } from './migrations.js';

export type Db = Database.Database;

export type Synchronous = 'full' | 'normal';

export interface OpenOptions {
  /** `full` (default): fsync at every COMMIT. `normal`: durable across process death, not power loss. */
  synchronous?: Synchronous;
  /** The page cache in MiB (DB_CACHE_MIB). */
  cacheMiB?: number;
}

/**
 * better-sqlite3 builds SQLite with a 16 MB page cache by default (SQLite's own default is 2 MB).
 * Parley reads rows by primary key, and the file's pages stay in the OS page cache anyway, so
 * 4 MiB holds the hot pages (B-tree interiors, active conversations) for a quarter of the memory:
 * the first 10,000 conversations grew RSS by 16–21 MiB instead of 30–35 (docs/benchmarks.md), with
 * no throughput difference measurable here.
 */
export const DEFAULT_CACHE_MIB = 4;

/**
 * Pages the WAL holds before a commit checkpoints it (SQLite's default: 1,000). A checkpoint copies
 * each page once however often it was rewritten, and turns keep rewriting the same pages (each
 * active conversation's last events page and state row). Measured per WAL page, with turns over
 * 128 conversations: ~1.2–1.4 µs of CPU at 4,000 against ~4.1 at 1,000 (~9 µs a turn), each
 * checkpoint holding the event loop ~8 ms instead of ~7–10, a quarter as often; over 2,048
 * conversations ~5.6–6.1 µs against ~7–8, each holding the loop ~27–30 ms instead of ~17–19 (the
 * price: rarer but longer pauses). 4,000 frames fit one wal-index hash table (4,096); the WAL file
 * stays at up to ~16 MiB.
 */
export const WAL_AUTOCHECKPOINT_PAGES = 4000;

export function openDatabase(path: string, migrations: readonly Migration[] = allMigrations, options: OpenOptions = {}): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: 5000 });
  db.pragma('journal_mode = WAL');
  db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
  db.pragma(options.synchronous === 'normal' ? 'synchronous = NORMAL' : 'synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma(`cache_size = ${-Math.round((options.cacheMiB ?? DEFAULT_CACHE_MIB) * 1024)}`); // negative: KiB
  migrate(db, migrations);
  return db;
}

/** The database as the configuration describes it: the server and every command open it alike. */
export const openConfiguredDatabase = (config: Pick<Config, 'DATABASE_PATH' | 'DB_SYNCHRONOUS' | 'DB_CACHE_MIB'>): Db =>
  openDatabase(config.DATABASE_PATH, undefined, { synchronous: config.DB_SYNCHRONOUS, cacheMiB: config.DB_CACHE_MIB });

function migrate(db: Db, migrations: readonly Migration[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const pending = [...migrations].sort((a, b) => a.version - b.version).filter((m) => m.version > current);
  for (const m of pending) {
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  // A migration that rewrites a table passes all of it through the WAL, and a WAL file keeps its
  // largest size until the last connection closes: copy it into the database and empty it now.
  if (pending.length > 0 && !db.memory) db.pragma('wal_checkpoint(TRUNCATE)');
}
