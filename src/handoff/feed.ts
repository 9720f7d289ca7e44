// Live updates for agents: every handoff change, and every message on a conversation while it
// has an open handoff. Told by conversation/live-updates.ts, which reads each conversation's new
// events back from the store once they are committed, whoever made them (a visitor's turn, an
// agent, the expiry sweep) and on whichever instance.
import type { StoredEvent } from '../conversation/events.js';
import { createFanOut, type ListenerError } from '../conversation/fan-out.js';
import type { AppendAudience } from '../conversation/live-updates.js';
import type { ConversationState } from '../conversation/state.js';
import { toMessage, type Message } from '../conversation/view.js';
import type { HandoffReader, HandoffView } from './view.js';

export type AgentUpdate =
  | { kind: 'handoff'; handoff: HandoffView }
  | { kind: 'message'; handoffId: string; message: Message };

export interface HandoffFeed extends AppendAudience {
  subscribe(listener: (update: AgentUpdate) => void): () => void;
}

/** `onError`: a listener that threw, or the feed's own reads failing; the commit stands either way. */
export function createHandoffFeed(reader: HandoffReader, onError: ListenerError = () => undefined): HandoffFeed {
  // One listener per open agent stream; the HTTP layer bounds the streams.
  const agents = createFanOut<AgentUpdate>(onError);

  return {
    subscribe: (listener) => agents.subscribe(listener),
    listening: () => agents.count() > 0,
    async told(_conversationId, state, events) {
      if (agents.count() === 0) return; // nobody is watching: skip the reads
      try {
        await tell(state, events);
      } catch (err) {
        onError(err);
      }
    },
  };

  async function tell(state: ConversationState, events: readonly StoredEvent[]): Promise<void> {
    const changed = new Set<string>();
    const messages: { handoffId: string; message: Message }[] = [];
    // Walk backwards from the state after the last event to attribute each message to the handoff
    // that was open when it was said: "agent left" still belongs to the handoff it closes; the
    // message that asked for a person precedes the handoff it opened and is read with the transcript.
    let open = state.handoff === 'queued' || state.handoff === 'assigned' ? state.handoffId : null;
    for (let i = events.length - 1; i >= 0; i--) {
      const event = events[i] as StoredEvent;
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
          const message = toMessage(event, event.at);
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
