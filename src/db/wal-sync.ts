// Durable commits without an fsync on the event loop. With synchronous=FULL, SQLite fsyncs the WAL
// inside every COMMIT and the event loop waits for the disk (a group commit's flush took ~2.5 ms at
// the median under load, ~1.5 ms without that fsync). A group commit can instead commit with
// synchronous=NORMAL, which writes the same WAL frames but skips the fsync, then fsync the WAL file
// itself on libuv's thread pool and acknowledge the group only when that returns: the guarantee is
// FULL's (an acknowledged write is on stable storage: fsync covers every byte written to the file
// before it), while the event loop goes on with the next requests. See group-commit.ts. One
// difference: other requests can read the group's rows during that fsync, before they are on disk.
import { close, fsync, open } from 'node:fs';
import type { Db } from './open-database.js';

/** SQLite's numeric value of `PRAGMA synchronous` for FULL. */
const SYNCHRONOUS_FULL = 2;

export interface WalSync {
  /** Resolves once everything committed to the WAL so far is on stable storage. */
  sync(): Promise<void>;
  /** Closes the WAL file descriptor (after the last sync). */
  close(): Promise<void>;
}

/**
 * For a file database in WAL mode with synchronous=FULL: the off-loop WAL fsync. Undefined where
 * there is nothing to move (an in-memory database; synchronous=NORMAL, which never fsyncs at commit).
 */
export function createWalSync(db: Db): WalSync | undefined {
  if (db.memory || db.pragma('synchronous', { simple: true }) !== SYNCHRONOUS_FULL) return undefined;
  if (db.pragma('journal_mode', { simple: true }) !== 'wal') return undefined;
  const walPath = `${db.name}-wal`;
  // Opened on the first sync: SQLite creates the WAL file at the first write. The descriptor stays
  // valid while the connection is open (SQLite resets and truncates the WAL in place, never replaces it).
  let fd: Promise<number> | undefined;
  const opened = () => (fd ??= new Promise<number>((resolve, reject) => open(walPath, 'r+', (err, n) => (err ? reject(err) : resolve(n))))
    .catch((err: unknown) => {
      fd = undefined; // the next sync tries again
      throw err;
    }));
  return {
    async sync() {
      const n = await opened();
      await new Promise<void>((resolve, reject) => fsync(n, (err) => (err ? reject(err) : resolve())));
    },
    async close() {
      if (!fd) return;
      const n = await fd.catch(() => undefined);
      fd = undefined;
      if (n !== undefined) await new Promise<void>((resolve) => close(n, () => resolve()));
    },
  };
}
