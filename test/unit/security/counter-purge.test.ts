// The shared counters' purge: every 10 minutes, hits older than an hour go; a failed pass is
// logged and the next one runs; stopping ends it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COUNTER_KEEP_MS, COUNTER_PURGE_EVERY_MS, startCounterPurge } from '../../../src/security/counter-purge.js';
import { openSqliteStorage } from '../../../src/storage/sqlite/index.js';
import { fixedClock } from '../../helpers/deterministic.js';

const quietLog = () => {
  const errors: unknown[] = [];
  return { errors, log: { info: () => undefined, warn: () => undefined, debug: () => undefined, error: (o: unknown) => errors.push(o) } };
};

describe('counter purge', () => {
  it('deletes the hits older than an hour at each pass, until stopped', async (t) => {
    t.mock.timers.enable({ apis: ['setInterval'] });
    const storage = openSqliteStorage({ path: ':memory:' });
    t.after(() => storage.close());
    const clock = fixedClock();
    const at = (msAgo: number) => new Date(clock().getTime() - msAgo).toISOString();
    await storage.counters.hit('guess:conv:a', at(COUNTER_KEEP_MS + 1000), at(2 * COUNTER_KEEP_MS));
    await storage.counters.hit('guess:conv:a', at(COUNTER_KEEP_MS - 1000), at(2 * COUNTER_KEEP_MS));
    const { log, errors } = quietLog();
    const stop = startCounterPurge({ counters: storage.counters, clock, log });
    t.mock.timers.tick(COUNTER_PURGE_EVERY_MS);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(await storage.counters.count('guess:conv:a', at(2 * COUNTER_KEEP_MS)), 1, 'only the hit inside the hour is left');
    stop();
    clock.advance(COUNTER_KEEP_MS);
    t.mock.timers.tick(COUNTER_PURGE_EVERY_MS);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(await storage.counters.count('guess:conv:a', at(3 * COUNTER_KEEP_MS)), 1, 'no pass after stop');
    assert.deepEqual(errors, []);
  });

  it('logs a failed pass and keeps running', async (t) => {
    t.mock.timers.enable({ apis: ['setInterval'] });
    let calls = 0;
    const counters = { purgeBefore: async () => (++calls === 1 ? Promise.reject(new Error('database is locked')) : 0) };
    const { log, errors } = quietLog();
    const stop = startCounterPurge({ counters, clock: fixedClock(), log });
    t.after(stop);
    t.mock.timers.tick(COUNTER_PURGE_EVERY_MS);
    await new Promise((resolve) => setImmediate(resolve));
    t.mock.timers.tick(COUNTER_PURGE_EVERY_MS);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(calls, 2);
    assert.equal(errors.length, 1);
  });
});
