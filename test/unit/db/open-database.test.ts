import assert from 'node:assert/strict';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openDatabase, WAL_AUTOCHECKPOINT_PAGES } from '../../../src/db/open-database.js';

const fresh = () => join(mkdtempSync(join(tmpdir(), 'parley-open-')), 'nested', 'p.db');

describe('openDatabase', () => {
  it('creates the folder, uses WAL and fsyncs every commit by default', () => {
    const db = openDatabase(fresh());
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(db.pragma('synchronous', { simple: true }), 2); // FULL
    assert.ok((db.pragma('user_version', { simple: true }) as number) > 0, 'migrations applied');
    db.close();
  });

  it('lets the WAL reach 4,000 pages before a commit checkpoints it', () => {
    const db = openDatabase(fresh());
    assert.equal(WAL_AUTOCHECKPOINT_PAGES, 4000);
    assert.equal(db.pragma('wal_autocheckpoint', { simple: true }), WAL_AUTOCHECKPOINT_PAGES);
    db.close();
  });

  it('keeps a 4 MiB page cache by default, and the size asked for (DB_CACHE_MIB)', () => {
    const db = openDatabase(fresh());
    assert.equal(db.pragma('cache_size', { simple: true }), -4096); // KiB
    db.close();
    const bigger = openDatabase(fresh(), undefined, { cacheMiB: 64 });
    assert.equal(bigger.pragma('cache_size', { simple: true }), -65536);
    bigger.close();
  });

  it('takes synchronous=normal when asked (DB_SYNCHRONOUS=normal)', () => {
    const db = openDatabase(fresh(), undefined, { synchronous: 'normal' });
    assert.equal(db.pragma('synchronous', { simple: true }), 1); // NORMAL
    db.close();
  });

  it('empties the WAL after applying migrations (one that rewrites a table passes all of it through the WAL)', () => {
    const path = fresh();
    const filler = { version: 1, name: 'filler', sql: `CREATE TABLE filler (n INTEGER, text TEXT);
      WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 5000) INSERT INTO filler SELECT n, printf('%.200c', 'x') FROM k;` };
    const db = openDatabase(path, [filler]);
    assert.equal(db.prepare('SELECT count(*) FROM filler').pluck().get(), 5000);
    assert.equal(statSync(`${path}-wal`).size, 0);
    db.close();
  });
});
