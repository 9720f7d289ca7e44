// A few worker threads for pure CPU work (a turn's understanding and reply checks), so the main
// thread spends its time on HTTP and the database. Requests go to the workers in batches. A
// worker that dies, or holds a batch past the deadline (a runaway regular expression, say), is
// terminated and a fresh worker takes its place: the request it was running fails, and the rest of
// its batch is sent again, once (each worker marks the request it starts in memory shared with this
// thread, so one hostile message never fails the turns that happened to travel with it). One that
// fails to load is retried after a growing delay, and fails ready() if it was one of the first.
import { parentPort, Worker, workerData } from 'node:worker_threads';

/** What a worker posts back for request `id`, in one array per batch (see serveRequests). */
export type WorkerReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };
/** A worker's first message: its module has loaded (a model, say) and it takes requests. */
const READY = 'ready';

export interface WorkerPool<Request, Result> {
  run(request: Request): Promise<Result>;
  /** Settles once every first worker has loaded: rejects if one fails to (a broken model file, say). */
  ready(): Promise<void>;
  /** Terminates the workers; requests still in flight are rejected. */
  close(): Promise<void>;
}

export interface WorkerPoolOptions {
  /** The worker's module (its own file: workers/*-worker.ts). */
  entry: URL;
  size: number;
  /** A batch not answered within this many milliseconds of being sent fails, and its worker is replaced. */
  deadlineMs: number;
  /** How long a new worker may take to load before it counts as stuck (default 30 s). */
  bootDeadlineMs?: number;
  /** A worker that stopped on its own (crashed, ran out of memory, failed to load) or was terminated for a deadline. */
  onWorkerLost?: (error: Error) => void;
}

/** Most requests one message carries: a batch is timed as a whole, so it stays far inside the deadline. */
export const MAX_BATCH = 64;
/** A worker that fails to load is started again after 0.1 s, then 0.2, 0.4… up to this. */
const MAX_RESTART_DELAY_MS = 30_000;

interface Pending {
  /** Kept until answered: sent again (once) if its worker is lost while running another request. */
  request: unknown;
  /** Whether it has been sent again already: a second loss fails it, so no request waits forever. */
  resent: boolean;
  resolve(value: unknown): void;
  reject(error: Error): void;
  /** When its batch was sent (0 while in the outbox). */
  sentAt: number;
}

/**
 * Shared between a worker and the pool: [RUNNING] is 1 while the worker runs the request whose id
 * (its low 32 bits) is in [REQUEST]. Written by the worker, read by the pool only once the worker
 * is lost, so it costs the worker two stores per request and no message.
 */
const RUNNING = 0;
const REQUEST = 1;
const newProgress = () => new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
/** How a worker finds its progress cells (see serveRequests). */
interface PoolWorkerData {
  progress?: Int32Array;
}

interface Slot {
  /** null while a worker that failed to load waits out its restart delay. */
  worker: Worker | null;
  /** Requests sent and not yet answered, oldest first (a worker answers its batches in order). */
  pending: Map<number, Pending>;
  spawnedAt: number;
  /** When it said it was ready; null while loading. */
  readyAt: number | null;
  /** The request its worker is running, if any (RUNNING, REQUEST above): each worker gets its own,
   * so one that is still stopping cannot write over its replacement's. */
  progress: Int32Array;
}

/**
 * A TypeScript entry (tests and `npm run dev` run the sources through tsx) first registers tsx's
 * loader in the new thread: Node 20 does not give worker threads the parent's `--import` hooks.
 */
function startWorker(entry: URL, data: PoolWorkerData): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { workerData: data });
  const tsx = import.meta.resolve('tsx/esm/api');
  return new Worker(`import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); });`, { eval: true, workerData: data });
}

export function createWorkerPool<Request, Result>(options: WorkerPoolOptions): WorkerPool<Request, Result> {
  if (options.size < 1) throw new Error('a worker pool needs at least one worker');
  const bootDeadlineMs = options.bootDeadlineMs ?? 30_000;
  let nextId = 0;
  let closed = false;
  let loadFailures = 0;
  let markReady!: () => void;
  let failReady!: (error: Error) => void;
  const allReady = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failReady = reject;
  });
  allReady.catch(() => undefined); // told through ready() and onWorkerLost; nobody has to ask

  const slots: Slot[] = Array.from({ length: options.size }, () => ({
    worker: null, pending: new Map(), spawnedAt: 0, readyAt: null, progress: newProgress(),
  }));

  function start(slot: Slot): void {
    const progress = newProgress();
    const worker = startWorker(options.entry, { progress });
    Object.assign(slot, { worker, spawnedAt: performance.now(), readyAt: null, progress });
    // A worker keeps the process alive only while it holds requests (see send): an idle pool
    // never stops a process from exiting.
    worker.unref();
    worker.on('message', (message: WorkerReply[] | typeof READY) => {
      if (slot.worker !== worker) return;
      if (message === READY) {
        slot.readyAt = performance.now();
        loadFailures = 0;
        if (slots.every((s) => s.readyAt !== null)) markReady();
      } else {
        for (const reply of message) {
          const pending = slot.pending.get(reply.id);
          slot.pending.delete(reply.id);
          if (reply.ok) pending?.resolve(reply.value);
          else pending?.reject(new Error(reply.error));
        }
        if (slot.pending.size === 0) worker.unref();
      }
    });
    worker.on('error', (error) => lose(slot, worker, error));
    worker.on('exit', (code) => lose(slot, worker, new Error(`worker thread exited with code ${code}`)));
  }
  slots.forEach(start);

  /** Rejects what the worker held and replaces it: at once if it had loaded, after a growing delay if not. */
  function lose(slot: Slot, worker: Worker, error: Error): void {
    if (slot.worker !== worker) return; // already replaced ('error' is followed by 'exit')
    slot.worker = null;
    void worker.terminate();
    // Only the request it was running fails; the rest of what it held goes out again, first, once:
    // a request lost a second time (several hostile messages in a row) fails too.
    const running = Atomics.load(slot.progress, RUNNING) === 1 ? Atomics.load(slot.progress, REQUEST) : undefined;
    const held = [...slot.pending];
    slot.pending.clear();
    const culprit = closed ? undefined : held.find(([id]) => (id | 0) === running);
    const again: typeof outbox = [];
    for (const entry of held) {
      const [id, pending] = entry;
      if (!culprit || entry === culprit || pending.resent) pending.reject(error);
      else again.push({ id, pending: Object.assign(pending, { resent: true }) });
    }
    outbox.unshift(...again);
    if (closed) return;
    if (slot.readyAt === null) {
      loadFailures++;
      failReady(error); // no effect once the pool was ready
      if (slots.every((s) => s.worker === null)) {
        for (const { pending } of outbox.splice(0)) pending.reject(new Error(`no worker thread is running: ${error.message}`));
      }
      setTimeout(() => closed || start(slot), Math.min(MAX_RESTART_DELAY_MS, 100 * 2 ** (loadFailures - 1))).unref();
    } else {
      start(slot);
    }
    scheduleFlush(); // what was put back goes to a worker that is running or loading
    options.onWorkerLost?.(error);
  }

  // One timer for the whole pool.
  const watchdog = setInterval(() => {
    const now = performance.now();
    for (const slot of slots) {
      const worker = slot.worker;
      if (!worker) continue;
      if (slot.readyAt === null) {
        if (now - slot.spawnedAt > bootDeadlineMs) lose(slot, worker, new Error(`worker thread did not start within ${bootDeadlineMs} ms`));
        continue;
      }
      const oldest = slot.pending.entries().next().value;
      if (!oldest || now - Math.max(oldest[1].sentAt, slot.readyAt) <= options.deadlineMs) continue;
      // After a stall of the main thread, timers run before the worker's answer (already waiting)
      // is delivered: decide once that has had its turn.
      const [id, pending] = oldest;
      setImmediate(() => {
        if (slot.worker === worker && slot.pending.get(id) === pending) {
          lose(slot, worker, new Error(`worker thread did not answer within ${options.deadlineMs} ms`));
        }
      });
    }
  }, Math.max(10, Math.min(1000, Math.floor(options.deadlineMs / 4))));
  watchdog.unref();

  // Requests made in one turn of the event loop travel together, as one message per worker:
  // sending a message wakes the other thread, which costs the sender tens of µs on a virtual
  // machine, far more than the data in it. A busy worker gets the next batch at once (it queues),
  // so no request waits for an earlier batch's answer before it is sent.
  let outbox: { id: number; pending: Pending }[] = [];
  let flushScheduled = false;
  function scheduleFlush(): void {
    if (flushScheduled || outbox.length === 0 || closed) return;
    flushScheduled = true;
    // After the current callbacks and their promise continuations, which may add to the batch.
    setImmediate(flush);
  }
  function flush(): void {
    flushScheduled = false;
    if (closed) return;
    // The least busy first; a batch is split only when several workers are running.
    const running = slots.filter((slot) => slot.worker !== null).sort((a, b) => a.pending.size - b.pending.size);
    while (outbox.length > 0 && running.length > 0) {
      running.forEach((slot, i) => {
        const share = Math.ceil(outbox.length / (running.length - i));
        if (share > 0) send(slot, outbox.splice(0, Math.min(MAX_BATCH, share)));
      });
    }
  }
  function send(slot: Slot, batch: typeof outbox): void {
    const worker = slot.worker as Worker;
    const sentAt = performance.now();
    for (const { id, pending } of batch) slot.pending.set(id, Object.assign(pending, { sentAt }));
    worker.ref();
    try {
      worker.postMessage(batch.map(({ id, pending }) => ({ id, request: pending.request })));
    } catch {
      // A request that cannot be cloned is the caller's bug; the error's text would quote the value.
      for (const { id, pending } of batch) {
        slot.pending.delete(id);
        pending.reject(new Error('a request could not be sent to a worker thread'));
      }
      if (slot.pending.size === 0) worker.unref();
    }
  }

  return {
    run(request) {
      if (closed) return Promise.reject(new Error('the worker pool is closed'));
      if (slots.every((slot) => slot.worker === null)) return Promise.reject(new Error('no worker thread is running'));
      return new Promise<Result>((resolve, reject) => {
        outbox.push({ id: nextId++, pending: { request, resent: false, resolve: resolve as (value: unknown) => void, reject, sentAt: 0 } });
        scheduleFlush();
      });
    },
    ready: () => allReady,
    async close() {
      if (closed) return;
      closed = true;
      for (const { pending } of outbox.splice(0)) pending.reject(new Error('the worker pool is closed'));
      clearInterval(watchdog);
      await Promise.all(slots.map((slot) => slot.worker?.terminate()));
    },
  };
}

/** The worker's side: answers each request of a batch with `handle`'s result, or its error's message. */
export function serveRequests(handle: (request: unknown) => unknown): void {
  const port = parentPort;
  if (!port) throw new Error('serveRequests runs in a worker thread');
  const progress = (workerData as PoolWorkerData | null)?.progress;
  port.postMessage(READY);
  port.on('message', (batch: { id: number; request: unknown }[]) => {
    const replies = batch.map(({ id, request }): WorkerReply => {
      if (progress) {
        Atomics.store(progress, REQUEST, id | 0);
        Atomics.store(progress, RUNNING, 1);
      }
      try {
        return { id, ok: true, value: handle(request) };
      } catch (error) {
        return { id, ok: false, error: error instanceof Error ? error.message : String(error) };
      }
    });
    if (progress) Atomics.store(progress, RUNNING, 0);
    port.postMessage(replies);
  });
}
