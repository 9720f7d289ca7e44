// Live updates, one way for every append: the store says which conversation moved on
// (`watchAppends`: this instance's commits and, with PostgreSQL, every other instance's), and this
// reads the new events back from the store and tells the visitor's streams (conversation/bus.ts)
// and the agents' feed (handoff/feed.ts). A commit made here and one made on another instance are
// told the same way, so nothing is told twice and nothing depends on which instance a request hit.
//
// Per conversation, one read at a time, in order, from the last position told: notifications that
// arrive close together never produce a gap or a duplicate, and several of them are told in one read.
import type { StoredEvent } from './events.js';
import type { ConversationBus, LiveUpdate } from './bus.js';
import type { ConversationState } from './state.js';
import { toMessages, toPublicState } from './view.js';
import type { ConversationStore, Storage } from '../storage/port.js';

/** Who hears about appends besides the visitors' streams: the agents' feed (handoff/feed.ts). */
export interface AppendAudience {
  /** Whether anyone listens at all: nobody listening, nothing is read. */
  listening(): boolean;
  /** The events of one conversation, in order, never twice; `state` is the conversation's after the last of them. */
  told(conversationId: string, state: ConversationState, events: readonly StoredEvent[]): Promise<void>;
}

export interface LiveUpdates {
  /** A visitor's stream from `fromSeq` (the lastSeq it read when it authenticated) on; returns the unsubscribe. */
  subscribe(conversationId: string, fromSeq: number, listener: (update: LiveUpdate) => void): () => void;
  /** Resolves once the appends to the conversation known so far have been told (a writer answers after that). */
  published(conversationId: string): Promise<void>;
  stop(): void;
}

/**
 * How many conversations' positions are remembered. A conversation first seen (this instance
 * started after its last append, or forgot it) is told from the append just notified: its events
 * share that append's time (FIRST_LOOK bounds how far back that is looked for).
 */
export const REMEMBERED = 10_000;
const FIRST_LOOK = 200;

export function startLiveUpdates(options: {
  storage: Pick<Storage, 'watchAppends'>;
  store: Pick<ConversationStore, 'get' | 'events'>;
  bus: ConversationBus;
  audience: AppendAudience;
  /** A read that failed: that conversation is told from the same position at its next append. */
  onError: (err: unknown) => void;
  remembered?: number;
}): LiveUpdates {
  const { store, bus, audience, onError } = options;
  const limit = options.remembered ?? REMEMBERED;
  // The last seq told, per conversation; oldest first (a Map keeps insertion order).
  const told = new Map<string, number>();
  const queues = new Map<string, Promise<void>>();

  const remember = (id: string, seq: number): void => {
    told.delete(id);
    told.set(id, seq);
    if (told.size <= limit) return;
    // Forget the least recently moved conversation nobody's stream follows.
    for (const oldest of told.keys()) {
      if (bus.listening(oldest)) continue;
      told.delete(oldest);
      return;
    }
  };

  const tell = async (id: string, notifiedSeq: number): Promise<void> => {
    const from = told.get(id);
    if (from !== undefined && from >= notifiedSeq) return; // told already, with an earlier notification's read
    if (!bus.listening(id) && !audience.listening()) {
      remember(id, notifiedSeq);
      return;
    }
    const record = await store.get(id);
    if (!record) {
      told.delete(id); // purged
      return;
    }
    const events = from === undefined ? await appendEndingAt(id, notifiedSeq, record.lastSeq) : await eventsBetween(id, from, record.lastSeq);
    remember(id, Math.max(record.lastSeq, from ?? 0));
    if (events.length === 0) return;
    if (bus.listening(id)) {
      for (const message of toMessages(events)) bus.publish(id, { kind: 'message', message });
      bus.publish(id, { kind: 'state', state: toPublicState(record.state) });
    }
    await audience.told(id, record.state, events);
  };

  const eventsBetween = async (id: string, afterSeq: number, lastSeq: number): Promise<StoredEvent[]> =>
    (await store.events(id, { afterSeq })).filter((e) => e.seq <= lastSeq);

  const appendEndingAt = async (id: string, seq: number, lastSeq: number): Promise<StoredEvent[]> => {
    const recent = await eventsBetween(id, Math.max(0, seq - FIRST_LOOK), lastSeq);
    const end = recent.findIndex((e) => e.seq === seq);
    if (end < 0) return recent.filter((e) => e.seq > seq);
    let start = end;
    while (start > 0 && (recent[start - 1] as StoredEvent).at === (recent[end] as StoredEvent).at) start--;
    return recent.slice(start);
  };

  const stopWatching = options.storage.watchAppends(({ conversationId, lastSeq }) => {
    const previous = queues.get(conversationId) ?? Promise.resolve();
    const next = previous.then(() => tell(conversationId, lastSeq)).catch(onError);
    queues.set(conversationId, next);
    void next.then(() => {
      if (queues.get(conversationId) === next) queues.delete(conversationId);
    });
  });

  return {
    subscribe(id, fromSeq, listener) {
      // A stream joining others on the same conversation starts where they are.
      if (!told.has(id)) remember(id, fromSeq);
      return bus.subscribe(id, listener);
    },
    published: (id) => queues.get(id) ?? Promise.resolve(),
    stop: stopWatching,
  };
}
