// In-process fan-out to the visitors' live streams (SSE), fed by live-updates.ts after commit,
// so a listener never sees something the database would not return.
import { createFanOut, type FanOut, type ListenerError } from './fan-out.js';
import type { Message, PublicState } from './view.js';

export type LiveUpdate = { kind: 'message'; message: Message } | { kind: 'state'; state: PublicState };

export interface ConversationBus {
  publish(conversationId: string, update: LiveUpdate): void;
  /** Whether anyone listens to the conversation: publishers skip building updates nobody reads. */
  listening(conversationId: string): boolean;
  subscribe(conversationId: string, listener: (update: LiveUpdate) => void): () => void;
}

/** One fan-out per conversation with listeners; the HTTP layer bounds how many streams exist. */
export function createConversationBus(onListenerError: ListenerError = () => undefined): ConversationBus {
  const byConversation = new Map<string, FanOut<LiveUpdate>>();
  return {
    publish: (id, update) => byConversation.get(id)?.publish(update),
    listening: (id) => byConversation.has(id),
    subscribe: (id, listener) => {
      let fanOut = byConversation.get(id);
      if (!fanOut) byConversation.set(id, (fanOut = createFanOut(onListenerError)));
      const unsubscribe = fanOut.subscribe(listener);
      return () => {
        unsubscribe();
        if (fanOut.count() === 0 && byConversation.get(id) === fanOut) byConversation.delete(id);
      };
    },
  };
}
