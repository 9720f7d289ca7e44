// The turn's pure, CPU-bound stages as plain-data tasks: what a worker thread runs, and what the
// main thread runs itself when there are no workers (WORKER_THREADS=0). One implementation for both.
import { checkReply, type GuardViolation } from '../guard/index.js';
import { understandMessage, type Analysis } from '../understanding/understand.js';

/** One outgoing text and what it may draw on (conversation/guard-replies.ts builds these). */
export interface ReplyCheck {
  text: string;
  facts: string[];
  quoted: string[];
}

export type TurnStageTask =
  | { kind: 'analyse'; text: string }
  | { kind: 'check'; replies: ReplyCheck[] };

export interface TurnStageResults {
  analyse: Analysis;
  check: GuardViolation[][];
}

export function runTurnStageTask(task: TurnStageTask): TurnStageResults[TurnStageTask['kind']] {
  switch (task.kind) {
    case 'analyse':
      return understandMessage(task.text);
    case 'check':
      return task.replies.map(({ text, facts, quoted }) => checkReply(text, { facts, quoted }));
    default:
      throw new Error(`unknown turn stage task ${(task as { kind: unknown }).kind}`);
  }
}
