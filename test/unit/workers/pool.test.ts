import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createWorkerPool, type WorkerPoolOptions } from '../../../src/workers/pool.js';
import type { TestWorkerRequest } from '../../helpers/test-worker.js';

const entry = new URL('../../helpers/test-worker.ts', import.meta.url);

function poolFor(t: { after(fn: () => Promise<void>): void }, options: Partial<WorkerPoolOptions> = {}) {
  const pool = createWorkerPool<TestWorkerRequest, number>({ entry, size: 1, deadlineMs: 5_000, ...options });
  t.after(() => pool.close());
  return pool;
}

describe('worker pool', () => {
  it('answers every request of a batch with its own result, across workers', async (t) => {
    const pool = poolFor(t, { size: 2 });
    const numbers = Array.from({ length: 50 }, (_, i) => i);
    assert.deepEqual(await Promise.all(numbers.map((n) => pool.run({ do: 'double', n }))), numbers.map((n) => n * 2));
  });

  it('sends the requests made in one turn of the event loop as one message, even to a busy worker', async (t) => {
    const pool = poolFor(t);
    await pool.run({ do: 'double', n: 0 }); // loaded
    const busy = pool.run({ do: 'busy', ms: 300 });
    await new Promise((resolve) => setTimeout(resolve, 20)); // the busy task has left
    const numbers = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const doubled = Promise.all(numbers.map((n) => pool.run({ do: 'double', n })));
    assert.equal(await busy, 300);
    assert.deepEqual(await doubled, numbers.map((n) => n * 2));
    // The warm-up, the busy task, the ten together (sent while the worker was busy), and this question.
    assert.equal(await pool.run({ do: 'batches' }), 4);
  });

  it('rejects a request that throws with its message and answers the rest of its batch', async (t) => {
    const pool = poolFor(t);
    const [before, failed, after] = await Promise.allSettled([
      pool.run({ do: 'double', n: 1 }),
      pool.run({ do: 'throw', message: 'no such thing' }),
      pool.run({ do: 'double', n: 2 }),
    ]);
    assert.deepEqual(before, { status: 'fulfilled', value: 2 });
    assert.equal(failed?.status, 'rejected');
    assert.match(String((failed as PromiseRejectedResult).reason), /no such thing/);
    assert.deepEqual(after, { status: 'fulfilled', value: 4 });
  });

  it('fails a request past its deadline, replaces the stuck worker and keeps serving', async (t) => {
    const lost: Error[] = [];
    const pool = poolFor(t, { deadlineMs: 200, onWorkerLost: (error) => lost.push(error) });
    await pool.run({ do: 'double', n: 0 }); // loaded: the deadline counts from here
    const started = performance.now();
    await assert.rejects(pool.run({ do: 'hang' }), /did not answer within 200 ms/);
    assert.ok(performance.now() - started < 2_000, 'rejected soon after the deadline');
    assert.equal(lost.length, 1);
    // The new worker's load time (longer than 200 ms under tsx) is not held against its first request.
    assert.equal(await pool.run({ do: 'double', n: 21 }), 42);
  });

  it('rejects what a worker held when it dies, and a new worker takes its place', async (t) => {
    const lost: Error[] = [];
    const pool = poolFor(t, { onWorkerLost: (error) => lost.push(error) });
    await assert.rejects(pool.run({ do: 'exit' }), /exited with code 3/);
    assert.equal(lost.length, 1);
    assert.equal(await pool.run({ do: 'double', n: 5 }), 10);
  });

  it('fails only the runaway request of a batch: the others travelling with it are answered by the new worker', async (t) => {
    const lost: Error[] = [];
    const pool = poolFor(t, { deadlineMs: 200, onWorkerLost: (error) => lost.push(error) });
    await pool.run({ do: 'double', n: 0 }); // loaded
    // One message: two requests before the runaway one (answered, but the answers never left the
    // stuck worker) and two after it (never started).
    const [a, b, runaway, c, d] = await Promise.allSettled([
      pool.run({ do: 'double', n: 1 }),
      pool.run({ do: 'double', n: 2 }),
      pool.run({ do: 'hang' }),
      pool.run({ do: 'double', n: 3 }),
      pool.run({ do: 'double', n: 4 }),
    ]);
    assert.equal(runaway?.status, 'rejected');
    assert.match(String((runaway as PromiseRejectedResult).reason), /did not answer within 200 ms/);
    assert.deepEqual([a, b, c, d].map((r) => r?.status === 'fulfilled' ? r.value : r?.reason), [2, 4, 6, 8]);
    assert.equal(lost.length, 1, 'the runaway request was not sent again');
  });

  it('sends a request again only once: with two runaway requests in its batch, everything settles after the second loss', async (t) => {
    const lost: Error[] = [];
    const pool = poolFor(t, { deadlineMs: 200, onWorkerLost: (error) => lost.push(error) });
    await pool.run({ do: 'double', n: 0 });
    const started = performance.now();
    const settled = await Promise.allSettled([
      pool.run({ do: 'double', n: 1 }),
      pool.run({ do: 'hang' }),
      pool.run({ do: 'hang' }),
      pool.run({ do: 'double', n: 2 }),
    ]);
    assert.deepEqual(settled.map((r) => r.status), ['rejected', 'rejected', 'rejected', 'rejected']);
    assert.equal(lost.length, 2);
    assert.ok(performance.now() - started < 3_000, 'settled after two deadlines, not after one per hostile request');
    assert.equal(await pool.run({ do: 'double', n: 21 }), 42);
  });

  it('fails only the request that made its worker exit, and sends the rest of its batch again', async (t) => {
    const lost: Error[] = [];
    const pool = poolFor(t, { onWorkerLost: (error) => lost.push(error) });
    await pool.run({ do: 'double', n: 0 });
    const [before, exit, after] = await Promise.allSettled([pool.run({ do: 'double', n: 5 }), pool.run({ do: 'exit' }), pool.run({ do: 'double', n: 6 })]);
    assert.equal(exit?.status, 'rejected');
    assert.match(String((exit as PromiseRejectedResult).reason), /exited with code 3/);
    assert.deepEqual([before, after].map((r) => r?.status === 'fulfilled' ? r.value : r?.reason), [10, 12]);
    assert.equal(lost.length, 1);
  });

  it('keeps an answer that arrived while the main thread was stalled past the deadline', async (t) => {
    const lost: Error[] = [];
    const pool = poolFor(t, { deadlineMs: 200, onWorkerLost: (error) => lost.push(error) });
    await pool.run({ do: 'double', n: 0 });
    const answer = pool.run({ do: 'double', n: 21 });
    await new Promise((resolve) => setImmediate(resolve)); // sent
    const until = performance.now() + 400;
    while (performance.now() < until); // a long GC pause or a slow synchronous call
    assert.equal(await answer, 42);
    assert.deepEqual(lost, []);
  });

  it('refuses a request that cannot be sent to a worker, without harm to the others', async (t) => {
    const pool = poolFor(t);
    const uncloneable = { do: 'double', n: 1, callback: () => 1 } as unknown as TestWorkerRequest;
    await assert.rejects(pool.run(uncloneable), /could not be sent to a worker thread/);
    assert.equal(await pool.run({ do: 'double', n: 4 }), 8);
  });

  it('fails ready() when a worker cannot load, and retries it after a growing delay', async (t) => {
    const lost: Error[] = [];
    const pool = poolFor(t, { entry: new URL('../../helpers/broken-worker.ts', import.meta.url), onWorkerLost: (error) => lost.push(error) });
    await assert.rejects(pool.ready(), /the model file is broken/);
    await assert.rejects(pool.run({ do: 'double', n: 1 }), /no worker thread is running/);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    // Restarted after 0.1, 0.2, 0.4 s… (plus each load): a handful of attempts, not a busy loop.
    assert.ok(lost.length >= 1 && lost.length <= 5, `${lost.length} attempts in a second`);
  });

  it('is ready once its workers have loaded', async (t) => {
    const pool = poolFor(t, { size: 2 });
    await pool.ready();
    assert.equal(await pool.run({ do: 'double', n: 3 }), 6);
  });

  it('gives up on a worker that never finishes loading', async (t) => {
    const pool = poolFor(t, { entry: new URL('../../helpers/stuck-worker.ts', import.meta.url), bootDeadlineMs: 300 });
    await assert.rejects(pool.run({ do: 'double', n: 1 }), /did not start within 300 ms/);
  });

  it('after close, rejects queued and new requests instead of leaving them pending', { timeout: 10_000 }, async () => {
    const pool = createWorkerPool<TestWorkerRequest, number>({ entry, size: 1, deadlineMs: 5_000 });
    const queued = assert.rejects(pool.run({ do: 'double', n: 1 }), /closed/);
    await pool.close();
    await queued;
    await assert.rejects(pool.run({ do: 'double', n: 1 }), /closed/);
  });
});
