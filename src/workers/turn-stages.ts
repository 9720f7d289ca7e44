// Where a turn's pure, CPU-bound stages run: redaction and understanding of the visitor's text,
// and the guard's checks of the replies. With WORKER_THREADS > 0 they run on worker threads, so the
// main thread's time goes to HTTP and the database (a turn's CPU is spread thin across both: see
// docs/benchmarks.md); with 0, on the main thread. The results are the same either way.
import type { GuardViolation } from '../guard/index.js';
import type { Log } from '../observability/logger.js';
import { loadUnderstander, type Analysis } from '../understanding/understand.js';
import { createWorkerPool } from './pool.js';
import { runTurnStageTask, type ReplyCheck, type TurnStageResults, type TurnStageTask } from './turn-stage-tasks.js';

export interface TurnStages {
  /** Redacts, then understands, one visitor message. */
  analyse(rawText: string): Promise<Analysis>;
  /** The guard's violations for each reply, in order; an empty list means it may be sent. */
  check(replies: ReplyCheck[]): Promise<GuardViolation[][]>;
  /** Settles when the model has loaded wherever the stages run: rejects if it cannot. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export interface TurnStagesOptions {
  threads: number;
  /** How long one task may take on a worker before it fails and the worker is replaced. */
  deadlineMs?: number;
  onWorkerLost?: (error: Error) => void;
}

/** As a server runs them: `threads` worker threads, each one lost reported as an error. */
export function createServerTurnStages(threads: number, log: Pick<Log, 'error'>): TurnStages {
  return createTurnStages({
    threads,
    onWorkerLost: (err) => log.error({ err }, 'a turn-stage worker thread stopped; a new one replaces it'),
  });
}

/** A task never takes more than milliseconds; a worker silent this long is stuck. */
const DEFAULT_DEADLINE_MS = 5_000;

export function createTurnStages(options: TurnStagesOptions): TurnStages {
  // The worker is this folder's turn-stage-worker: .ts under tsx (tests, `npm run dev`), .js in the build.
  const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  const pool = options.threads > 0
    ? createWorkerPool<TurnStageTask, unknown>({
      entry: new URL(`./turn-stage-worker.${extension}`, import.meta.url),
      size: options.threads,
      deadlineMs: options.deadlineMs ?? DEFAULT_DEADLINE_MS,
      ...(options.onWorkerLost ? { onWorkerLost: options.onWorkerLost } : {}),
    })
    : undefined;
  // On this thread the model loads now, so a broken model file fails here rather than at the first message.
  if (!pool) loadUnderstander();
  const run = async <K extends TurnStageTask['kind']>(task: Extract<TurnStageTask, { kind: K }>): Promise<TurnStageResults[K]> =>
    (pool ? await pool.run(task) : runTurnStageTask(task)) as TurnStageResults[K];
  return {
    analyse: (text) => run({ kind: 'analyse', text }),
    check: (replies) => run({ kind: 'check', replies }),
    ready: async () => pool?.ready(),
    close: async () => pool?.close(),
  };
}
