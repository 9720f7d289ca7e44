// Durable commits without an fsync on the event loop. With synchronous=FULL, SQLite fsyncs the WAL
// inside every COMMIT and the event loop waits for the disk (a group commit's flush took ~2.5 ms at
// the median under load, ~1 ms without that fsync). A group commit can instead commit with
// synchronous=NORMAL, which writes the same WAL frames but skips the fsync, then fsync the WAL file
// itself on libuv's thread pool and acknowledge the group only when that returns: the guarantee is
// FULL's (an acknowledged write is on stable storage: fsync covers every byte written to the file
// before it), while the event loop goes on with the next requests. See group-commit.ts. One
// difference: other requests can read the group's rows during that fsync, before they are on disk.
import { closeSync, fsync, openSync } from 'node:fs';
import type { Db } from './open-database.js';

/** SQLite's numeric value of `PRAGMA synchronous` for FULL. */
const SYNCHRONOUS_FULL = 2;

export interface WalSync {
  /** Resolves once everything committed to the WAL so far is on stable storage. */
  sync(): Promise<void>;
  /** Waits for the syncs in flight, then closes the WAL's descriptor; later syncs fail. */
  close(): Promise<void>;
}

export interface WalSyncOptions {
  /**
   * Told once, when an fsync fails. After a failed fsync the kernel may have dropped the pages and
   * report the next fsync as a success, so nothing written since can be called durable: every
   * later sync fails with the same error. The server exits; at the next start SQLite recovers the
   * WAL from what is on disk.
   */
  onFailure?: (error: NodeJS.ErrnoException) => void;
  /** node:fs's fsync (tests pass a spy). */
  fsync?: typeof fsync;
}

/**
 * For a file database in WAL mode with synchronous=FULL: the off-loop WAL fsync. Undefined where
 * there is nothing to move (an in-memory database; synchronous=NORMAL, which never fsyncs at commit).
 */
export function createWalSync(db: Db, options: WalSyncOptions = {}): WalSync | undefined {
  if (db.memory || db.pragma('synchronous', { simple: true }) !== SYNCHRONOUS_FULL) return undefined;
  if (db.pragma('journal_mode', { simple: true }) !== 'wal') return undefined;
  // SQLite keeps the WAL next to the file it really opened: a symlinked DATABASE_PATH is resolved.
  const main = (db.pragma('database_list') as { name: string; file: string }[]).find((d) => d.name === 'main');
  if (!main?.file) return undefined;
  // Opened now (setting journal_mode=WAL created the file): a missing WAL stops start-up rather
  // than failing every turn. While this connection is open SQLite resets the file in place.
  const fd = openSync(`${main.file}-wal`, 'r+');
  const fsyncFile = options.fsync ?? fsync;
  let failed: NodeJS.ErrnoException | undefined;
  let closed = false;
  const inFlight = new Set<Promise<void>>();
  return {
    sync() {
      if (failed) return Promise.reject(failed);
      if (closed) return Promise.reject(new Error('the WAL sync is closed'));
      const synced = new Promise<void>((resolve, reject) => fsyncFile(fd, (err) => {
        if (!err) return resolve();
        if (!failed) {
          failed = err;
          options.onFailure?.(err);
        }
        reject(failed);
      }));
      inFlight.add(synced);
      const forget = () => inFlight.delete(synced);
      synced.then(forget, forget);
      return synced;
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.allSettled([...inFlight]);
      closeSync(fd);
    },
  };
}
