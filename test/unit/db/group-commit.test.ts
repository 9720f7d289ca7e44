import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { groupCommit, MAX_GROUP } from '../../../src/db/group-commit.js';
import { openDatabase } from '../../../src/db/open-database.js';

function setup() {
  const path = join(mkdtempSync(join(tmpdir(), 'parley-group-')), 'g.db');
  const db = openDatabase(path, []);
  db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO notes (id, text) VALUES (?, ?)');
  // A second connection sees only what has been committed.
  const reader = new Database(path, { readonly: true });
  const committed = () => (reader.prepare('SELECT id FROM notes ORDER BY id').all() as { id: number }[]).map((r) => r.id);
  return { db, insert, committed, close: () => { reader.close(); db.close(); } };
}

describe('groupCommit', () => {
  it('writes made in the same tick share one transaction, committed before any promise resolves', async () => {
    const { db, insert, committed, close } = setup();
    const seenByOthers: number[][] = [];
    const write = groupCommit(db, (id: number) => {
      seenByOthers.push(committed());
      insert.run(id, `note ${id}`);
      return id;
    });
    const results = await Promise.all([write(1), write(2), write(3)]);
    assert.deepEqual(results, [1, 2, 3]);
    // While the group ran, nothing of it was visible outside: one transaction, not three.
    assert.deepEqual(seenByOthers, [[], [], []]);
    assert.deepEqual(committed(), [1, 2, 3]);
    close();
  });

  it('writes in later ticks form later groups', async () => {
    const { db, insert, committed, close } = setup();
    const write = groupCommit(db, (id: number) => insert.run(id, 'x').changes);
    await write(1);
    assert.deepEqual(committed(), [1]);
    await write(2);
    assert.deepEqual(committed(), [1, 2]);
    close();
  });

  it('a write that throws is rolled back and rejected alone; the rest of its group commits', async () => {
    const { db, insert, committed, close } = setup();
    const write = groupCommit(db, (id: number) => {
      insert.run(id, 'first half');
      if (id === 2) throw new Error('refused');
      return id;
    });
    const outcomes = await Promise.allSettled([write(1), write(2), write(3)]);
    assert.deepEqual(outcomes.map((o) => o.status), ['fulfilled', 'rejected', 'fulfilled']);
    assert.match(String((outcomes[1] as PromiseRejectedResult).reason), /refused/);
    assert.deepEqual(committed(), [1, 3]);
    close();
  });

  describe('without a savepoint per write (refusedBeforeWriting)', () => {
    class Refused extends Error {}

    it('a refusal rejects its write alone; the rest of its group commits, in one transaction', async () => {
      const { db, insert, committed, close } = setup();
      const runs: number[] = [];
      const write = groupCommit(db, (id: number) => {
        runs.push(id);
        if (id === 2) throw new Refused('moved on');
        insert.run(id, 'x');
        return id;
      }, { refusedBeforeWriting: (error) => error instanceof Refused });
      const outcomes = await Promise.allSettled([write(1), write(2), write(3)]);
      assert.deepEqual(outcomes.map((o) => o.status), ['fulfilled', 'rejected', 'fulfilled']);
      assert.ok((outcomes[1] as PromiseRejectedResult).reason instanceof Refused);
      assert.deepEqual(committed(), [1, 3]);
      assert.deepEqual(runs, [1, 2, 3], 'each write ran once: no second pass');
      close();
    });

    it('any other error undoes the group and writes it again with savepoints: the failed write leaves nothing, the rest commit', async () => {
      const { db, insert, committed, close } = setup();
      const runs: number[] = [];
      const write = groupCommit(db, (id: number) => {
        runs.push(id);
        insert.run(id, 'first half');
        if (id === 2) throw new Error('failed half way');
        return id;
      }, { refusedBeforeWriting: (error) => error instanceof Refused });
      const outcomes = await Promise.allSettled([write(1), write(2), write(3)]);
      assert.deepEqual(outcomes.map((o) => o.status), ['fulfilled', 'rejected', 'fulfilled']);
      assert.match(String((outcomes[1] as PromiseRejectedResult).reason), /failed half way/);
      assert.deepEqual(committed(), [1, 3], 'the half-written note 2 is gone');
      assert.deepEqual(runs, [1, 2, 1, 2, 3], 'the first pass stopped at the failure; the second wrote the group');
      close();
    });
  });

  it('rejects the whole group when the commit itself cannot happen', async () => {
    const { db, insert, committed, close } = setup();
    const write = groupCommit(db, (id: number) => insert.run(id, 'x').changes);
    const pending = Promise.allSettled([write(1), write(2)]);
    db.close(); // before the flush runs
    const outcomes = await pending;
    assert.deepEqual(outcomes.map((o) => o.status), ['rejected', 'rejected']);
    assert.deepEqual(committed(), []);
    close();
  });

  it('rejects the whole group when SQLite rolls the transaction back (disk full), and writes nothing of it', async () => {
    const { db, insert, committed, close } = setup();
    await groupCommit(db, (id: number) => insert.run(id, 'x').changes)(1);
    // The file may not grow past its current size: the big note cannot fit.
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    const write = groupCommit(db, (note: { id: number; text: string }) => insert.run(note.id, note.text).changes);
    const outcomes = await Promise.allSettled([write({ id: 2, text: 'small' }), write({ id: 3, text: 'x'.repeat(200_000) }), write({ id: 4, text: 'small' })]);
    assert.deepEqual(outcomes.map((o) => o.status), ['rejected', 'rejected', 'rejected']);
    assert.match(String((outcomes[1] as PromiseRejectedResult).reason), /full/i);
    assert.deepEqual(committed(), [1]);
    assert.equal(db.inTransaction, false);
    close();
  });

  it('tells `committed` of each written input right after its COMMIT, before the WAL sync, and never of a refused one', async () => {
    const { db, insert, committed, close } = setup();
    const told: [number, number, number[]][] = [];
    const toldAtSync: number[] = [];
    const write = groupCommit(db, (id: number) => {
      insert.run(id, 'x');
      if (id === 2) throw new Error('refused');
      return id * 10;
    }, { walSync: async () => void toldAtSync.push(told.length), committed: (id, value) => told.push([id, value, committed()]) });
    const outcomes = await Promise.allSettled([write(1), write(2), write(3)]);
    assert.deepEqual(outcomes.map((o) => o.status), ['fulfilled', 'rejected', 'fulfilled']);
    // Each was told with the group already visible to another connection, before the sync ran.
    assert.deepEqual(told, [[1, 10, [1, 3]], [3, 30, [1, 3]]]);
    assert.deepEqual(toldAtSync, [2]);
    // A group whose COMMIT fails tells nothing.
    const failing = groupCommit(db, (id: number) => insert.run(id, 'x').changes, { committed: (id) => told.push([id, 0, []]) });
    const pending = Promise.allSettled([failing(4)]);
    db.close();
    assert.deepEqual((await pending).map((o) => o.status), ['rejected']);
    assert.equal(told.length, 2);
    close();
  });

  it(`splits a queue longer than ${MAX_GROUP} into several transactions, in order`, async () => {
    const { db, insert, committed, close } = setup();
    const order: number[] = [];
    const write = groupCommit(db, (id: number) => {
      order.push(id);
      insert.run(id, 'x');
      return id;
    });
    const n = MAX_GROUP * 2 + 7;
    const ids = Array.from({ length: n }, (_, i) => i + 1);
    assert.deepEqual(await Promise.all(ids.map((id) => write(id))), ids);
    assert.deepEqual(order, ids);
    assert.equal(committed().length, n);
    close();
  });

  describe('with walSync (durability off the event loop)', () => {
    /** A walSync the test completes by hand, counting its calls. */
    function controlledSync() {
      const calls: { resolve: () => void; reject: (error: Error) => void }[] = [];
      const walSync = () => new Promise<void>((resolve, reject) => calls.push({ resolve, reject }));
      return { walSync, calls };
    }
    const settledYet = async (promise: Promise<unknown>) => {
      let settled = false;
      void promise.then(() => (settled = true), () => (settled = true));
      await new Promise((r) => setImmediate(r));
      return settled;
    };

    it('acknowledges a group only after its WAL sync, though it is committed before', async () => {
      const { db, insert, committed, close } = setup();
      const { walSync, calls } = controlledSync();
      const write = groupCommit(db, (id: number) => insert.run(id, 'x').changes, { walSync });
      const group = Promise.all([write(1), write(2)]);
      assert.equal(await settledYet(group), false);
      assert.equal(calls.length, 1, 'one sync for the whole group');
      assert.deepEqual(committed(), [1, 2]);
      calls[0]?.resolve();
      assert.deepEqual(await group, [1, 1]);
      close();
    });

    it('commits the group without SQLite\'s own fsync and leaves the connection as it was', async () => {
      const { db, insert, close } = setup();
      assert.equal(db.pragma('synchronous', { simple: true }), 2); // FULL
      const seen: unknown[] = [];
      const write = groupCommit(db, (id: number) => {
        seen.push(db.pragma('synchronous', { simple: true }));
        return insert.run(id, 'x').changes;
      }, { walSync: async () => {} });
      await write(1);
      assert.deepEqual(seen, [1]); // NORMAL inside the group
      assert.equal(db.pragma('synchronous', { simple: true }), 2);
      close();
    });

    it('a refused write is rejected at once; a failed sync rejects the written ones', async () => {
      const { db, insert, close } = setup();
      const { walSync, calls } = controlledSync();
      const write = groupCommit(db, (id: number) => {
        if (id === 2) throw new Error('refused');
        return insert.run(id, 'x').changes;
      }, { walSync });
      const ok = write(1);
      const refused = write(2);
      await assert.rejects(refused, /refused/);
      assert.equal(await settledYet(ok), false);
      calls[0]?.reject(new Error('EIO: fsync failed'));
      await assert.rejects(ok, /EIO/);
      close();
    });

    it('a group of refused writes only does not wait for a sync', async () => {
      const { db, close } = setup();
      const { walSync, calls } = controlledSync();
      const write = groupCommit(db, (): number => {
        throw new Error('refused');
      }, { walSync });
      await assert.rejects(write(1), /refused/);
      assert.equal(calls.length, 0);
      close();
    });
  });
});
