// Stage 8 for everyone who changes a conversation (visitor turns, agents, timers): fold, append
// atomically, and once that is committed tell live listeners. Callers hold the conversation's
// mutex, so the next change to it starts from this one's committed state.
import type { Clock } from '../clock.js';
import { notFound } from '../errors.js';
import type { ConversationBus } from './bus.js';
import type { ConversationEvent } from './events.js';
import { fold, type ConversationState } from './state.js';
import { ConcurrentAppendError, type ConversationRecord, type ConversationStore } from '../storage/port.js';
import { messagesAt, toPublicState, type Message } from './view.js';

export interface CommitDeps {
  store: ConversationStore;
  bus: ConversationBus;
  clock: Clock;
}

export interface Committed {
  state: ConversationState;
  messages: Message[];
}

export async function commitEvents(
  deps: CommitDeps,
  conversation: ConversationRecord,
  events: readonly ConversationEvent[],
  /** For visitor turns with a clientMessageId: the reply a retry gets, stored in the same transaction. */
  turnReply?: { clientMessageId: string; reply: (committed: Committed) => unknown },
): Promise<Committed> {
  const state = fold(events, conversation.state);
  const at = deps.clock().toISOString();
  const messages = messagesAt(events, at);
  const committed = { state, messages };
  try {
    await deps.store.append({
      conversationId: conversation.id,
      expectedSeq: conversation.lastSeq,
      at,
      events,
      state,
      ...(turnReply ? { turnReply: { clientMessageId: turnReply.clientMessageId, reply: turnReply.reply(committed) } } : {}),
    });
  } catch (err) {
    // Deleted since it was read (the retention purge, `parley purge`): gone, not a server fault.
    if (err instanceof ConcurrentAppendError && (await deps.store.tokenHash(conversation.id)) === undefined) throw notFound('conversation');
    throw err;
  }
  if (deps.bus.listening(conversation.id)) {
    for (const message of messages) deps.bus.publish(conversation.id, { kind: 'message', message });
    deps.bus.publish(conversation.id, { kind: 'state', state: toPublicState(state) });
  }
  return committed;
}
