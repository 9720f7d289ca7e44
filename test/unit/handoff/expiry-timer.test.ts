import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { it } from 'node:test';
import { createKeyedMutex } from '../../../src/turn/keyed-mutex.js';
import { startExpiryTimer, type ExpiryDeps } from '../../../src/handoff/expiry.js';
import type { ConversationStore, HandoffStore } from '../../../src/storage/port.js';

/** Waits until `done()` (a busy machine may run a 5 ms timer much later); 10 s only stops the wait. */
async function until(done: () => boolean): Promise<void> {
  for (const stop = Date.now() + 10_000; !done() && Date.now() < stop;) await sleep(5);
}

it('the expiry timer sweeps on its interval, logs failures, and stops when told', async () => {
  const cutoffs: string[] = [];
  const errors: unknown[] = [];
  const handoffs: HandoffStore = {
    get: async () => undefined,
    list: async () => [],
    openFor: async () => undefined,
    queuedBefore: async (cutoff) => {
      cutoffs.push(cutoff);
      if (cutoffs.length === 2) throw new Error('database is locked');
      return [];
    },
  };
  const deps: ExpiryDeps = {
    store: {} as ConversationStore, published: async () => undefined, clock: () => new Date('2026-11-22T10:30:00.000Z'),
    ids: () => 'x', mutex: createKeyedMutex(), handoffs, expireAfterMinutes: 30, templates: new Map(),
  };
  const log = { info: () => undefined, debug: () => undefined, warn: () => undefined, error: (obj: unknown) => void errors.push(obj) };
  const stop = startExpiryTimer(deps, log, 5);
  await until(() => cutoffs.length >= 3);
  await stop();
  const swept = cutoffs.length;
  assert.ok(swept >= 3, `swept ${swept} times`);
  assert.equal(cutoffs[0], '2026-11-22T10:00:00.000Z', 'the cutoff is the injected clock minus the limit');
  assert.equal(errors.length, 1, 'a failed sweep is logged and the next one still runs');
  await sleep(30);
  assert.equal(cutoffs.length, swept, 'no sweep after stop');
});

it('stopping waits for a sweep in progress (its commits land before the database closes)', async () => {
  let release: () => void = () => undefined;
  let sweeping = false;
  let started = false;
  const handoffs = {
    get: async () => ({ id: 'h-1', conversationId: 'c-1', status: 'claimed' }),
    list: async () => [],
    openFor: async () => undefined,
    queuedBefore: async () => {
      started = true;
      return [{ id: 'h-1', conversationId: 'c-1' }];
    },
  } as unknown as HandoffStore;
  const mutex = createKeyedMutex();
  // The conversation is busy (a turn holds its lock), so the sweep waits on it.
  void mutex.run('c-1', () => new Promise<void>((resolve) => {
    release = resolve;
  }));
  const deps: ExpiryDeps = {
    store: { get: async () => { sweeping = true; return undefined; } } as unknown as ConversationStore,
    published: async () => undefined, clock: () => new Date('2026-11-22T10:30:00.000Z'), ids: () => 'x', mutex, handoffs, expireAfterMinutes: 30, templates: new Map(),
  };
  const log = { info: () => undefined, debug: () => undefined, warn: () => undefined, error: () => undefined };
  const stop = startExpiryTimer(deps, log, 5);
  await until(() => started);
  await sleep(20); // the sweep has started and waits for the lock
  let stopped = false;
  const stopping = stop().then(() => {
    stopped = true;
  });
  await sleep(20);
  assert.equal(stopped, false, 'still waiting for the sweep');
  release();
  await stopping;
  assert.equal(sweeping, true, 'the sweep ran to its end before stop resolved');
});
