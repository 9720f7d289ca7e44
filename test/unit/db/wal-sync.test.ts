// createWalSync: the off-loop fsync of the WAL for FULL connections, nothing for the others.
import assert from 'node:assert/strict';
import { fstatSync, fsync, mkdtempSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openDatabase } from '../../../src/db/open-database.js';
import { createWalSync, type WalSyncOptions } from '../../../src/db/wal-sync.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'parley-walsync-'));

/** A fresh file database (default synchronous=FULL) at `path`, its WAL sync, and the inodes fsync was called on. */
function openWithSync(path = join(tempDir(), 'w.db'), options: WalSyncOptions = {}) {
  const db = openDatabase(path, []);
  const synced: number[] = [];
  const spy: typeof fsync = ((fd: number, callback: (err: NodeJS.ErrnoException | null) => void) => {
    synced.push(fstatSync(fd).ino);
    fsync(fd, callback);
  }) as typeof fsync;
  const walSync = createWalSync(db, { fsync: spy, ...options });
  assert.ok(walSync);
  return { db, walSync, synced };
}

describe('createWalSync', () => {
  it('fsyncs the WAL file itself', async () => {
    const path = join(tempDir(), 'w.db');
    const { db, walSync, synced } = openWithSync(path);
    db.exec('CREATE TABLE t (x INTEGER)');
    await walSync.sync();
    await walSync.sync();
    assert.deepEqual(synced, [statSync(`${path}-wal`).ino, statSync(`${path}-wal`).ino]);
    await walSync.close();
    db.close();
  });

  it('finds the WAL next to the real file when the database path is a symlink', async () => {
    const dir = tempDir();
    const real = join(dir, 'real.db');
    openDatabase(real, []).close();
    const link = join(dir, 'link.db');
    symlinkSync(real, link);
    const { db, walSync, synced } = openWithSync(link);
    db.exec('CREATE TABLE t (x INTEGER)');
    await walSync.sync();
    assert.deepEqual(synced, [statSync(`${real}-wal`).ino]);
    await walSync.close();
    db.close();
  });

  it('after a failed fsync every later sync fails too, and the owner is told once', async () => {
    const failures: string[] = [];
    let calls = 0;
    const failing = ((fd: number, callback: (err: NodeJS.ErrnoException | null) => void) => {
      calls++;
      callback(calls === 1 ? Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' }) : null);
    }) as typeof fsync;
    const { db, walSync } = openWithSync(undefined, { fsync: failing, onFailure: (err) => failures.push(String(err.code)) });
    await assert.rejects(walSync.sync(), /EIO/);
    await assert.rejects(walSync.sync(), /EIO/); // not asked again: the kernel might say yes
    assert.equal(calls, 1);
    assert.deepEqual(failures, ['EIO']);
    await walSync.close();
    db.close();
  });

  it('close waits for the sync in flight; a sync after close fails', async () => {
    let finish: (() => void) | undefined;
    const slow = ((fd: number, callback: (err: NodeJS.ErrnoException | null) => void) => {
      finish = () => fsync(fd, callback); // the descriptor must still be open here
    }) as typeof fsync;
    const { db, walSync } = openWithSync(undefined, { fsync: slow });
    const syncing = walSync.sync();
    let closed = false;
    const closing = walSync.close().then(() => (closed = true));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(closed, false);
    finish?.();
    await syncing;
    await closing;
    await assert.rejects(walSync.sync(), /closed/);
    db.close();
  });

  it('is undefined where no fsync happens at commit: synchronous=NORMAL, or an in-memory database', () => {
    const normal = openDatabase(join(tempDir(), 'n.db'), [], { synchronous: 'normal' });
    assert.equal(createWalSync(normal), undefined);
    normal.close();
    const memory = openDatabase(':memory:', []);
    assert.equal(createWalSync(memory), undefined);
    memory.close();
  });
});
