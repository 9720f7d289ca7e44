// A few worker threads for pure CPU work (a turn's understanding and reply checks), so the main
// thread spends its time on HTTP and the database. A request goes to the worker with the fewest
// in flight. A worker that dies, or holds a request past the deadline (a runaway regular
// expression, say), is terminated: what it held is rejected and a fresh worker takes its place.
import { parentPort, Worker } from 'node:worker_threads';

/** What a worker posts back for request `id`, in one array per batch (see serveRequests). */
export type WorkerReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };
/** A worker's first message: its module has loaded (a model, say) and it takes requests. */
const READY = 'ready';

export interface WorkerPool<Request, Result> {
  run(request: Request): Promise<Result>;
  /** Terminates the workers; requests still in flight are rejected. */
  close(): Promise<void>;
}

export interface WorkerPoolOptions {
  /** The worker's module (its own file: workers/*-worker.ts). */
  entry: URL;
  size: number;
  /** A request not answered within this many milliseconds fails, and its worker is replaced. */
  deadlineMs: number;
  /** How long a new worker may take to load before it counts as stuck (default 30 s). */
  bootDeadlineMs?: number;
  /** A worker that stopped on its own (crashed, ran out of memory) or was terminated for a deadline. */
  onWorkerLost?: (error: Error) => void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  startedAt: number;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
  spawnedAt: number;
  /** When it said it was ready; requests waiting for a new worker count from then. */
  readyAt?: number;
}

/**
 * A TypeScript entry (tests and `npm run dev` run the sources through tsx) first registers tsx's
 * loader in the new thread: Node 20 does not give worker threads the parent's `--import` hooks.
 */
function startWorker(entry: URL): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry);
  const tsx = import.meta.resolve('tsx/esm/api');
  return new Worker(`import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); });`, { eval: true });
}

export function createWorkerPool<Request, Result>(options: WorkerPoolOptions): WorkerPool<Request, Result> {
  if (options.size < 1) throw new Error('a worker pool needs at least one worker');
  let nextId = 0;
  let closed = false;

  const spawn = (): Slot => {
    const slot: Slot = { worker: startWorker(options.entry), pending: new Map(), spawnedAt: performance.now() };
    // A worker keeps the process alive only while it holds requests (see flush): an idle pool
    // never stops a process from exiting.
    slot.worker.unref();
    slot.worker.on('message', (replies: WorkerReply[] | typeof READY) => {
      if (replies === READY) {
        slot.readyAt = performance.now();
        return;
      }
      for (const reply of replies) {
        const pending = slot.pending.get(reply.id);
        if (!pending) continue;
        slot.pending.delete(reply.id);
        if (reply.ok) pending.resolve(reply.value);
        else pending.reject(new Error(reply.error));
      }
      slot.worker.unref();
      scheduleFlush(); // what gathered while this worker was busy
    });
    slot.worker.on('error', (error) => lose(slot, error));
    slot.worker.on('exit', (code) => lose(slot, new Error(`worker thread exited with code ${code}`)));
    return slot;
  };

  const slots = Array.from({ length: options.size }, spawn);

  /** Rejects what the slot held and puts a fresh worker in its place (once per worker). */
  function lose(slot: Slot, error: Error): void {
    const index = slots.indexOf(slot);
    if (index === -1) return; // already replaced ('error' is followed by 'exit')
    for (const pending of slot.pending.values()) pending.reject(error);
    slot.pending.clear();
    if (closed) return;
    void slot.worker.terminate();
    slots[index] = spawn();
    options.onWorkerLost?.(error);
    scheduleFlush();
  }

  // One timer for the whole pool: each slot's oldest request is the first in its map.
  const bootDeadlineMs = options.bootDeadlineMs ?? 30_000;
  const watchdog = setInterval(() => {
    const now = performance.now();
    for (const slot of [...slots]) {
      if (slot.readyAt === undefined) {
        if (slot.pending.size > 0 && now - slot.spawnedAt > bootDeadlineMs) lose(slot, new Error(`worker thread did not start within ${bootDeadlineMs} ms`));
        continue;
      }
      const oldest = slot.pending.values().next().value;
      if (oldest && now - Math.max(oldest.startedAt, slot.readyAt) > options.deadlineMs) {
        lose(slot, new Error(`worker thread did not answer within ${options.deadlineMs} ms`));
      }
    }
  }, Math.max(10, Math.min(1000, Math.floor(options.deadlineMs / 4))));
  watchdog.unref();

  // Requests travel in batches, at most one in flight per worker: while a worker is busy, new
  // requests gather and leave together when it answers. Sending a message means waking the other
  // thread, which costs the sender tens of µs on a virtual machine: far more than the data in it.
  let outbox: { id: number; request: Request; pending: Pending }[] = [];
  let flushScheduled = false;
  function scheduleFlush(): void {
    if (flushScheduled || outbox.length === 0 || closed) return;
    flushScheduled = true;
    // After the current callbacks and their promise continuations, which may add to the batch.
    setImmediate(flush);
  }
  function flush(): void {
    flushScheduled = false;
    const idle = slots.filter((slot) => slot.pending.size === 0);
    if (idle.length === 0 || closed) return; // sent when a worker answers
    const batch = outbox;
    outbox = [];
    idle.forEach((slot, t) => {
      const mine = batch.filter((_, i) => i % idle.length === t);
      if (mine.length === 0) return;
      for (const { id, pending } of mine) slot.pending.set(id, pending);
      slot.worker.ref();
      slot.worker.postMessage(mine.map(({ id, request }) => ({ id, request })));
    });
  }

  return {
    run(request) {
      if (closed) return Promise.reject(new Error('the worker pool is closed'));
      return new Promise<Result>((resolve, reject) => {
        const pending = { resolve: resolve as (value: unknown) => void, reject, startedAt: performance.now() };
        outbox.push({ id: nextId++, request, pending });
        scheduleFlush();
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const { pending } of outbox.splice(0)) pending.reject(new Error('the worker pool is closed'));
      clearInterval(watchdog);
      await Promise.all(slots.map((slot) => slot.worker.terminate()));
    },
  };
}

/** The worker's side: answers each request of a batch with `handle`'s result, or its error's message. */
export function serveRequests(handle: (request: unknown) => unknown): void {
  const port = parentPort;
  if (!port) throw new Error('serveRequests runs in a worker thread');
  port.postMessage(READY);
  port.on('message', (batch: { id: number; request: unknown }[]) => {
    port.postMessage(batch.map(({ id, request }): WorkerReply => {
      try {
        return { id, ok: true, value: handle(request) };
      } catch (error) {
        return { id, ok: false, error: error instanceof Error ? error.message : String(error) };
      }
    }));
  });
}
