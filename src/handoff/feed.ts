// Live updates for agents: every handoff change, and every message on a conversation while it
// has an open handoff. Fed by observeAppends (below), which sees each append only after it has
// committed, whoever made it (a visitor's turn, an agent, the expiry sweep).
import type { ConversationEvent } from '../conversation/events.js';
import { createFanOut, type ListenerError } from '../conversation/fan-out.js';
import { toMessage, type Message } from '../conversation/view.js';
import type { ConversationStore, HandoffStore } from '../storage/port.js';
import type { HandoffReader, HandoffView } from './view.js';

export type AgentUpdate =
  | { kind: 'handoff'; handoff: HandoffView }
  | { kind: 'message'; handoffId: string; message: Message };

export interface HandoffFeed {
  subscribe(listener: (update: AgentUpdate) => void): () => void;
  /** Called with the events of one committed append, and when it was made; resolves once the agents are told (never rejects). */
  committed(conversationId: string, events: readonly ConversationEvent[], at: string): Promise<void>;
}

/** `onError`: a listener that threw, or the feed's own reads failing; the commit stands either way. */
export function createHandoffFeed(handoffs: HandoffStore, reader: HandoffReader, onError: ListenerError = () => undefined): HandoffFeed {
  // One listener per open agent stream; the HTTP layer bounds the streams.
  const agents = createFanOut<AgentUpdate>(onError);

  return {
    subscribe: (listener) => agents.subscribe(listener),
    async committed(conversationId, events, at) {
      if (agents.count() === 0) return; // nobody is watching: skip the reads
      try {
        await tell(conversationId, events, at);
      } catch (err) {
        onError(err);
      }
    },
  };

  async function tell(conversationId: string, events: readonly ConversationEvent[], at: string): Promise<void> {
    const changed = new Set<string>();
    const messages: { handoffId: string; message: Message }[] = [];
    // Walk backwards from the committed state to attribute each message to the handoff that was
    // open when it was said: "agent left" still belongs to the handoff it closes; the message
    // that asked for a person precedes the handoff it opened and is read with the transcript.
    let open = (await handoffs.openFor(conversationId))?.id ?? null;
    for (let i = events.length - 1; i >= 0; i--) {
      const event = events[i] as ConversationEvent;
      switch (event.type) {
        case 'handoff_requested':
          changed.add(event.handoffId);
          open = null;
          break;
        case 'handoff_claimed':
          changed.add(event.handoffId);
          break;
        case 'handoff_resolved':
        case 'handoff_expired':
        case 'handoff_cancelled':
          changed.add(event.handoffId);
          open = event.handoffId;
          break;
        default: {
          const message = toMessage(event, at);
          if (message && open) messages.unshift({ handoffId: open, message });
        }
      }
    }
    for (const m of messages) agents.publish({ kind: 'message', ...m });
    for (const id of changed) {
      const handoff = await reader.get(id);
      if (handoff) agents.publish({ kind: 'handoff', handoff });
    }
  }
}

/** The same store, telling the feed about every append after it commits. Delegates explicitly (no
 * spread) so a class-based store keeps its methods and a new interface method is a type error here. */
export function observeAppends(store: ConversationStore, feed: HandoffFeed): ConversationStore {
  return {
    create: (input) => store.create(input),
    get: (id) => store.get(id),
    tokenHash: (id) => store.tokenHash(id),
    events: (id, opts) => store.events(id, opts),
    turnReply: (conversationId, clientMessageId) => store.turnReply(conversationId, clientMessageId),
    purgeIdleSince: (cutoff, limit) => store.purgeIdleSince(cutoff, limit),
    purgeUnusedBefore: (cutoff, from, scan) => store.purgeUnusedBefore(cutoff, from, scan),
    async append(input) {
      await store.append(input);
      // Awaited: whoever made the change answers after the agents have been told of it.
      await feed.committed(input.conversationId, input.events, input.at);
    },
  };
}
