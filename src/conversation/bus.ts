// In-process fan-out of committed changes to live listeners (SSE). Published only after commit,
// so a listener never sees something the database would not return.
import { EventEmitter } from 'node:events';
import type { Message, PublicState } from './view.js';

export type LiveUpdate = { kind: 'message'; message: Message } | { kind: 'state'; state: PublicState };

export interface ConversationBus {
  publish(conversationId: string, update: LiveUpdate): void;
  subscribe(conversationId: string, listener: (update: LiveUpdate) => void): () => void;
}

export function createConversationBus(): ConversationBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0); // one listener per open stream; the HTTP layer bounds the streams
  return {
    publish: (id, update) => void emitter.emit(id, update),
    subscribe: (id, listener) => {
      emitter.on(id, listener);
      return () => void emitter.off(id, listener);
    },
  };
}
