// Stage 8 for everyone who changes a conversation (visitor turns, agents, timers): fold, append
// atomically, and answer once live listeners have been told (conversation/live-updates.ts reads
// the committed events back from the store). Callers hold the conversation's mutex, so the next
// change to it starts from this one's committed state; another instance's writer is refused by the
// append (ConcurrentAppendError), and the caller decides whether to run its change again.
import type { Clock } from '../clock.js';
import { AppError, notFound } from '../errors.js';
import type { ConversationEvent } from '../conversation/events.js';
import { fold, type ConversationState } from '../conversation/state.js';
import { ConcurrentAppendError, type ConversationRecord, type ConversationStore } from '../storage/port.js';
import { messagesAt, type Message } from '../conversation/view.js';

export interface CommitDeps {
  store: ConversationStore;
  /** Resolves once what was committed to the conversation so far has been told to live listeners. */
  published: (conversationId: string) => Promise<void>;
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
  await deps.published(conversation.id);
  return committed;
}

/**
 * Runs `change` (which reads the conversation, decides and commits) again when another writer,
 * on another instance, appended first; after `attempts` refusals the caller gets 409 `conflict`.
 */
export async function retryOnConflict<T>(attempts: number, change: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await change();
    } catch (err) {
      if (!(err instanceof ConcurrentAppendError)) throw err;
      if (attempt >= attempts) {
        throw new AppError('conflict', 'the conversation was changed at the same moment elsewhere; please send it again', { cause: err });
      }
    }
  }
}
