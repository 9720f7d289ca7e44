// An online copy of a SQLite database with SQLite's backup API (better-sqlite3 `db.backup()`), safe
// while the service is running (never copy the .db file alone in WAL mode). It is written next to
// the destination first, checked, then renamed into place, so an interrupted backup never leaves a
// half-written file under the final name. SQLite only, outside the port: PostgreSQL has pg_dump.
import { chmodSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';

export interface BackupResult {
  destination: string;
  bytes: number;
}

export class BackupError extends Error {}

/** Copies `source` to `destination` online; refuses to replace an existing file unless `force`. */
export async function backupDatabase(source: string, destination: string, opts: { force?: boolean } = {}): Promise<BackupResult> {
  const target = resolve(destination);
  if (resolve(source) === target) throw new BackupError('the destination is the database itself');
  if (existsSync(target) && !opts.force) throw new BackupError(`${target} already exists; pass --force to replace it`);
  if (!existsSync(source)) throw new BackupError(`no database at ${source}`);
  const partial = `${target}.partial`;
  rmSync(partial, { force: true });
  const db = new Database(source, { fileMustExist: true, timeout: 5000 });
  try {
    await db.backup(partial);
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  } finally {
    db.close();
  }
  // The copy must open and pass SQLite's own check before it takes the destination's name. It is
  // turned into a single self-contained file (rollback journal); the service sets WAL again on open.
  const copy = new Database(partial, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
    const check = copy.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new BackupError(`the copy failed its integrity check: ${String(check)}`);
  } catch (err) {
    copy.close();
    rmSync(partial, { force: true });
    throw err;
  }
  copy.close();
  chmodSync(partial, 0o600); // conversations are personal data
  renameSync(partial, target);
  return { destination: target, bytes: statSync(target).size };
}
