// The persistence boundary for conversations. The turn talks to this interface only, so a
// PostgreSQL store can replace SQLite without touching it.
import type { ConversationEvent, StoredEvent } from './events.js';
import type { ConversationState } from './state.js';

export interface ConversationRecord {
  id: string;
  tokenHash: Buffer;
  createdAt: string;
  updatedAt: string;
  lastSeq: number;
  state: ConversationState;
}

export interface AppendInput {
  conversationId: string;
  /** The lastSeq the caller folded from: a concurrent writer makes the append fail, not interleave. */
  expectedSeq: number;
  at: string;
  events: readonly ConversationEvent[];
  state: ConversationState;
  /** Stored with the events so a retried clientMessageId gets this exact reply back. */
  turnReply?: { clientMessageId: string; reply: unknown };
  /**
   * The conversation is not stored yet (opened, and held in memory until the visitor's first
   * message: lifecycle/held-conversations.ts). Its row and its opening events (numbered from 1, at
   * `at`) are written in the same transaction as this append; `expectedSeq` is their count.
   */
  create?: { tokenHash: Buffer; at: string; events: readonly ConversationEvent[] };
}

export interface ConversationStore {
  /** Resolves once the conversation is committed (creates may share a commit, as appends do). */
  create(input: { id: string; tokenHash: Buffer; at: string; events: readonly ConversationEvent[]; state: ConversationState }): Promise<ConversationRecord>;
  get(id: string): ConversationRecord | undefined;
  /** The visitor token's hash alone: authenticating a request reads nothing else. */
  tokenHash(id: string): Buffer | undefined;
  events(id: string, opts?: { afterSeq?: number; types?: readonly ConversationEvent['type'][]; limit?: number }): StoredEvent[];
  /**
   * Atomic: the events, the materialised state and the turn reply are stored together or not at
   * all. Resolves once they are committed (appends may share a commit); the events are numbered
   * from `expectedSeq + 1`.
   */
  append(input: AppendInput): Promise<void>;
  turnReply(conversationId: string, clientMessageId: string): unknown;
  /** Deletes up to `limit` (default: all) conversations not updated since `cutoff`, oldest first; returns how many. */
  purgeIdleSince(cutoff: string, limit?: number): number;
}

/** A place in the conversations' order of last activity, where a purge pass stopped (opaque). */
export interface PurgeCursor {
  readonly updatedAt: string;
  readonly key: number;
}

/** Deleting conversations in which the visitor never said anything (lifecycle/retention.ts). */
export interface UnusedConversationPurge {
  /**
   * Reads up to `scan` conversations last updated before `cutoff` (after `from`, when given), in
   * the order of their last activity, and deletes those without a visitor message. Returns how
   * many it deleted and where the next call continues (null: nothing is left before the cutoff).
   */
  purgeUnusedBefore(cutoff: string, from: PurgeCursor | null, scan: number): { purged: number; next: PurgeCursor | null };
}

export class ConcurrentAppendError extends Error {
  constructor(readonly conversationId: string) {
    super('conversation changed concurrently');
    this.name = 'ConcurrentAppendError';
  }
}
