// The SQLite adapter's commit queue (storage/sqlite/commit-queue.ts): writes issued together share
// one COMMIT, one that throws is undone and rejected alone, and none resolves before its COMMIT.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { commitQueue } from '../../src/storage/sqlite/commit-queue.js';
import { openSqlite, type Db } from '../../src/storage/sqlite/open.js';

function setup(t: TestContext) {
  const path = join(mkdtempSync(join(tmpdir(), 'parley-commit-queue-')), 'q.db');
  const db = openSqlite({ path }, []);
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE)');
  const other = openSqlite({ path }, []);
  t.after(() => {
    db.close();
    other.close();
  });
  const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
  const rows = (conn: Db) => conn.prepare('SELECT v FROM t ORDER BY id').pluck().all();
  return { db, other, commit: commitQueue(db), write: (v: string) => () => insert.run(v).lastInsertRowid, rows };
}

/** Frames in the WAL since it was last emptied: each COMMIT adds the pages it changed. */
const walFrames = (db: Db): number => (db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[])[0]?.log ?? -1;

describe('the SQLite commit queue', () => {
  it('commits writes issued in the same turn of the event loop together: one COMMIT for all of them', async (t) => {
    const { db, commit, write, rows } = setup(t);
    // What one write alone adds to the WAL: its table's page and its unique index's.
    db.pragma('wal_checkpoint(TRUNCATE)');
    await commit(write('first'));
    const perCommit = walFrames(db);
    assert.ok(perCommit >= 1);
    db.pragma('wal_checkpoint(TRUNCATE)');
    await Promise.all(['a', 'b', 'c', 'd'].map((v) => commit(write(v))));
    assert.deepEqual(rows(db), ['first', 'a', 'b', 'c', 'd']);
    assert.equal(walFrames(db), perCommit, 'four writes, one commit of the same pages');
    db.pragma('wal_checkpoint(TRUNCATE)');
    for (const v of ['e', 'f']) await commit(write(v));
    assert.equal(walFrames(db), 2 * perCommit, 'one commit each when issued one after another');
  });

  it('rejects a write that throws alone, with nothing of it left; the others are committed', async (t) => {
    const { db, commit, write, rows } = setup(t);
    const outcomes = await Promise.allSettled([
      commit(write('a')),
      commit(() => {
        write('half')();
        return write('a')(); // UNIQUE: fails after writing a row of its own
      }),
      commit(write('b')),
    ]);
    assert.deepEqual(outcomes.map((o) => o.status), ['fulfilled', 'rejected', 'fulfilled']);
    assert.match(String((outcomes[1] as PromiseRejectedResult).reason), /UNIQUE/);
    assert.deepEqual(rows(db), ['a', 'b']);
  });

  it('resolves only once the write is committed: another connection reads it then', async (t) => {
    const { other, commit, write, rows } = setup(t);
    const seen: unknown[][] = [];
    const pending = commit(write('a')).then(() => seen.push(rows(other)));
    assert.deepEqual(rows(other), [], 'not written yet');
    await pending;
    assert.deepEqual(seen, [['a']]);
  });

  it('writes a long queue in several transactions, each write once, in order', async (t) => {
    const { db, commit, write, rows } = setup(t);
    const values = Array.from({ length: 600 }, (_, i) => `v${String(i).padStart(3, '0')}`);
    await Promise.all(values.map((v) => commit(write(v))));
    assert.deepEqual(rows(db), values);
  });
});
