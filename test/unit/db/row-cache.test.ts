import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { openDatabase } from '../../../src/db/open-database.js';
import { createRowCache } from '../../../src/db/row-cache.js';

const nextLoopTurn = () => new Promise((resolve) => setImmediate(resolve));

function setup() {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'parley-row-cache-')), 'r.db'), []);
  db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY)');
  return db;
}

describe('row cache', () => {
  it('keeps the most recently stored copies, up to its capacity, and forgets one when told', () => {
    const db = setup();
    const cache = createRowCache<number>(db, 2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('a', 10); // stored again: now the most recent
    cache.set('c', 3);
    assert.deepEqual(['a', 'b', 'c'].map((k) => cache.get(k)), [10, undefined, 3]);
    cache.forget('a');
    assert.deepEqual(['a', 'c'].map((k) => cache.get(k)), [undefined, 3]);
    db.close();
  });

  it('survives commits of its own connection, drops every copy once another connection commits', async () => {
    const db = setup();
    const cache = createRowCache<number>(db, 10);
    cache.set('a', 1);
    db.prepare('INSERT INTO notes (id) VALUES (1)').run();
    assert.equal(cache.get('a'), 1);
    const other = new Database(db.name);
    other.prepare('INSERT INTO notes (id) VALUES (2)').run();
    other.close();
    await nextLoopTurn();
    assert.equal(cache.peek('a'), 1, 'peek does not look');
    assert.equal(cache.get('a'), undefined);
    assert.equal(cache.peek('a'), undefined);
    cache.set('a', 2);
    assert.equal(cache.get('a'), 2, 'copies taken after it are kept');
    db.close();
  });

  it('checks for other connections\' commits once per turn of the event loop, at its first read', async () => {
    const db = setup();
    const cache = createRowCache<number>(db, 10);
    cache.set('a', 1);
    assert.equal(cache.get('a'), 1); // this loop turn's check
    const other = new Database(db.name);
    other.prepare('INSERT INTO notes (id) VALUES (2)').run();
    assert.equal(cache.get('a'), 1, 'later in the same loop turn: as of the first read');
    await nextLoopTurn();
    assert.equal(cache.get('a'), undefined, 'the next loop turn checks again');
    cache.set('a', 2);
    other.prepare('INSERT INTO notes (id) VALUES (3)').run();
    other.close();
    await nextLoopTurn();
    assert.equal(cache.get('a'), undefined);
    db.close();
  });
});
