// The shared counters contract (ownership guesses, conversation opens), against the storage port
// only (every adapter passes it).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Storage } from '../../src/storage/port.js';
import { storageForTest } from './contract-storage.js';

const at = (minute: number): string => new Date(Date.UTC(2026, 10, 22, 10, minute)).toISOString();

export function countersContract(name: string, open: () => Promise<Storage>, close: (s: Storage) => Promise<void>): void {
  const storage = storageForTest(open, close);

  describe(`${name}: counters`, () => {
    it('counts hits per key since a time, the new hit included', async (t) => {
      const s = await storage(t);
      assert.equal(await s.counters.hit('guess:conv:c1', at(0), at(0)), 1);
      assert.equal(await s.counters.hit('guess:conv:c1', at(10), at(0)), 2);
      assert.equal(await s.counters.hit('guess:conv:c2', at(10), at(0)), 1, 'keys are counted apart');
      assert.equal(await s.counters.hit('guess:conv:c1', at(20), at(5)), 2, 'hits before `since` do not count');
      assert.equal(await s.counters.count('guess:conv:c1', at(0)), 3);
      assert.equal(await s.counters.count('guess:conv:c1', at(10)), 2, 'a hit at `since` counts');
      assert.equal(await s.counters.count('guess:conv:c1', at(21)), 0);
      assert.equal(await s.counters.count('nobody', at(0)), 0);
      assert.equal(await s.counters.count('guess:conv:c1', at(0)), 3, 'count counts no hit');
    });

    it('counts concurrent hits, each once', async (t) => {
      const s = await storage(t);
      const results = await Promise.all(Array.from({ length: 10 }, () => s.counters.hit('open:addr:203.0.113.7', at(1), at(0))));
      assert.ok(results.every((n) => n >= 1 && n <= 10), String(results));
      assert.equal(await s.counters.count('open:addr:203.0.113.7', at(0)), 10);
    });

    it('forgets hits before a cutoff and says how many', async (t) => {
      const s = await storage(t);
      await s.counters.hit('a', at(0), at(0));
      await s.counters.hit('b', at(1), at(0));
      await s.counters.hit('a', at(30), at(0));
      assert.equal(await s.counters.purgeBefore(at(30)), 2);
      assert.equal(await s.counters.count('a', at(0)), 1);
      assert.equal(await s.counters.count('b', at(0)), 0);
      assert.equal(await s.counters.purgeBefore(at(30)), 0);
    });
  });
}
