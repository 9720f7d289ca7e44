// A conversation is stored only once the visitor says something. Opening one (POST
// /v1/conversations) holds it here, in memory: its id, token hash and opening events (the
// greeting). Reads and authentication see it as if it were stored; its first visitor message
// stores it, row and opening events in the same transaction as that turn's events (AppendInput
// `create`), under the turn's per-conversation lock. The table is bounded (HELD_LIMIT, the oldest
// dropped first) and expiring (RETENTION_UNUSED_HOURS), so anonymous opens cost neither disk nor
// unbounded memory.
//
// A graceful stop stores what is held (`storeAll`): a deploy does not end the conversations
// visitors have just opened; the retention pass deletes them if they stay unused. A crash loses
// them: their token then gets the same 401 as an unknown conversation, and the widget starts a new
// one (docs/operations.md, "Conversations nobody spoke in").
import type { Clock } from '../clock.js';
import type { ConversationEvent, StoredEvent } from '../conversation/events.js';
import { fold } from '../conversation/state.js';
import type { ConversationRecord, ConversationStore } from '../storage/port.js';

/** Most conversations held at once: ~1–3 KiB each (the opening page's address is most of it). */
export const HELD_LIMIT = 10_000;

export type DropReason = 'expired' | 'evicted';

export interface HeldConversationsOptions {
  clock: Clock;
  /** How long an opened conversation waits for its first message. */
  keepMs: number;
  limit?: number;
  /** Told of each conversation dropped without ever being stored. */
  onDrop?: (reason: DropReason) => void;
}

interface Held {
  record: ConversationRecord;
  events: readonly ConversationEvent[];
  expiresAt: number;
}

export interface OpenedInput {
  id: string;
  tokenHash: Buffer;
  at: string;
  events: readonly ConversationEvent[];
}

export interface HeldConversations {
  /** Holds a newly opened conversation (dropping the oldest when the table is full). */
  hold(input: OpenedInput): ConversationRecord;
  /** How many are held now (expired ones dropped first). */
  size(): number;
  /** The store, with held conversations readable and stored by their first append. */
  over(store: ConversationStore): ConversationStore;
  /** Stores every held conversation as it is (on a graceful stop); resolves with how many, or rejects with those that failed. */
  storeAll(store: Pick<ConversationStore, 'create'>): Promise<number>;
}

export function createHeldConversations(options: HeldConversationsOptions): HeldConversations {
  const { clock, keepMs, onDrop } = options;
  const limit = options.limit ?? HELD_LIMIT;
  // Insertion order is opening order, and every entry keeps the same time: the oldest expire first.
  const held = new Map<string, Held>();

  const dropExpired = (now: number): void => {
    for (const [id, entry] of held) {
      if (entry.expiresAt > now) return;
      held.delete(id);
      onDrop?.('expired');
    }
  };
  const lookup = (id: string): Held | undefined => {
    const entry = held.get(id);
    if (!entry) return undefined;
    if (entry.expiresAt > clock().getTime()) return entry;
    held.delete(id);
    onDrop?.('expired');
    return undefined;
  };

  return {
    hold(input) {
      const now = clock().getTime();
      dropExpired(now);
      while (held.size >= limit) {
        held.delete(held.keys().next().value as string);
        onDrop?.('evicted');
      }
      const record = Object.freeze({
        id: input.id, tokenHash: input.tokenHash, createdAt: input.at, updatedAt: input.at,
        lastSeq: input.events.length, state: Object.freeze(fold(input.events)),
      });
      held.set(input.id, { record, events: input.events, expiresAt: now + keepMs });
      return record;
    },
    size() {
      dropExpired(clock().getTime());
      return held.size;
    },
    over(store) {
      return {
        create: (input) => store.create(input),
        get: async (id) => lookup(id)?.record ?? store.get(id),
        tokenHash: async (id) => lookup(id)?.record.tokenHash ?? store.tokenHash(id),
        events: async (id, opts) => {
          const entry = lookup(id);
          return entry ? heldEvents(entry, opts) : store.events(id, opts);
        },
        // Nothing of a held conversation's turns is stored yet, so no earlier reply either.
        turnReply: async (conversationId, clientMessageId) => (lookup(conversationId) ? undefined : store.turnReply(conversationId, clientMessageId)),
        purgeIdleSince: (cutoff, limit) => store.purgeIdleSince(cutoff, limit),
        purgeUnusedBefore: (cutoff, from, scan) => store.purgeUnusedBefore(cutoff, from, scan),
        async append(input) {
          const entry = lookup(input.conversationId);
          if (!entry) return store.append(input);
          // The caller holds the conversation's lock; until this commits, readers still find it here.
          const { tokenHash, createdAt } = entry.record;
          await store.append({ ...input, create: { tokenHash, at: createdAt, events: entry.events } });
          held.delete(input.conversationId);
        },
      };
    },
    async storeAll(store) {
      dropExpired(clock().getTime());
      const entries = [...held.values()];
      held.clear();
      const outcomes = await Promise.allSettled(entries.map(({ record, events }) =>
        store.create({ id: record.id, tokenHash: record.tokenHash, at: record.createdAt, events, state: record.state })));
      const failed = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
      if (failed.length > 0) throw new AggregateError(failed, `${failed.length} of ${entries.length} held conversations could not be stored`);
      return entries.length;
    },
  };
}

/** A held conversation's events as the store would return them (store.ts `events`). */
function heldEvents(entry: Held, opts: Parameters<ConversationStore['events']>[1] = {}): StoredEvent[] {
  const { afterSeq = 0, types = [], limit = Number.POSITIVE_INFINITY } = opts;
  const at = entry.record.createdAt;
  const all = entry.events
    .map((event, i): StoredEvent => ({ ...event, seq: i + 1, at }))
    .filter((event) => event.seq > afterSeq && (types.length === 0 || types.includes(event.type)));
  return limit >= all.length ? all : all.slice(all.length - Math.max(0, limit));
}
