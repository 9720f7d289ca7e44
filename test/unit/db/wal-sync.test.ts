// createWalSync: the off-loop fsync of the WAL for FULL connections, nothing for the others.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openDatabase } from '../../../src/db/open-database.js';
import { createWalSync } from '../../../src/db/wal-sync.js';

const tempPath = () => join(mkdtempSync(join(tmpdir(), 'parley-walsync-')), 'w.db');

/** A fresh file database with the default synchronous=FULL, and its WAL sync. */
function openWithSync() {
  const path = tempPath();
  const db = openDatabase(path, []);
  const walSync = createWalSync(db);
  assert.ok(walSync);
  return { path, db, walSync };
}

describe('createWalSync', () => {
  it('syncs the WAL of a file database with synchronous=FULL', async () => {
    const { path, db, walSync } = openWithSync();
    db.exec('CREATE TABLE t (x INTEGER)');
    db.prepare('INSERT INTO t VALUES (1)').run();
    assert.ok(existsSync(`${path}-wal`));
    await walSync.sync();
    await walSync.sync(); // the descriptor is reused
    await walSync.close();
    db.close();
  });

  it('fails a sync when there is no WAL file to sync, and tries again on the next one', async () => {
    const { path, db, walSync } = openWithSync();
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close(); // the last connection removes the WAL file
    assert.equal(existsSync(`${path}-wal`), false);
    await assert.rejects(walSync.sync(), /ENOENT/);
    const reopened = openDatabase(path, []);
    reopened.exec('CREATE TABLE t (x INTEGER)');
    await walSync.sync();
    await walSync.close();
    reopened.close();
  });

  it('is undefined where no fsync happens at commit: synchronous=NORMAL, or an in-memory database', () => {
    const normal = openDatabase(tempPath(), [], { synchronous: 'normal' });
    assert.equal(createWalSync(normal), undefined);
    normal.close();
    const memory = openDatabase(':memory:', []);
    assert.equal(createWalSync(memory), undefined);
    memory.close();
  });
});
