// The one place a visitor's turn is orchestrated (ARCHITECTURE.md "One turn, end to end"):
// redact → load → understand → decide → act → render → guard → append, then publish.
import { act, type ActDeps } from '../actions/act.js';
import type { IdGen } from '../clock.js';
import { notFound } from '../errors.js';
import type { Log } from '../observability/logger.js';
import { composeAfterAction } from '../policy/compose.js';
import { decide } from '../policy/decide.js';
import { redact } from '../understanding/redact.js';
import type { Understanding } from '../understanding/vocabulary.js';
import { commitEvents, type CommitDeps, type Committed } from './commit.js';
import type { ConversationEvent, HandoffReason } from './events.js';
import type { ReplyGuard } from './guard-replies.js';
import type { KeyedMutex } from './keyed-mutex.js';
import type { ReplyRenderer } from './render-replies.js';
import { fold, type ConversationState } from './state.js';
import { toPublicState, type Message, type PublicState } from './view.js';

export interface Understander {
  understand(redactedText: string): Understanding;
}

export interface TurnDeps extends CommitDeps {
  understander: Understander;
  actions: ActDeps;
  renderer: ReplyRenderer;
  guard: ReplyGuard;
  mutex: KeyedMutex;
  ids: IdGen;
  log: Log;
  /** The summary an agent reads first when a handoff opens. */
  summarise: (state: ConversationState, reason: HandoffReason) => string;
}

export interface TurnInput {
  conversationId: string;
  text: string;
  clientMessageId: string | null;
  clientAddress: string;
}

export interface TurnReply {
  messages: Message[];
  state: PublicState;
}

export function handleTurn(deps: TurnDeps, input: TurnInput): Promise<TurnReply> {
  // 1. Redact first: nothing below, not even the log line of a failed turn, sees the secret.
  const redaction = redact(input.text);
  return deps.mutex.run(input.conversationId, async () => {
    const started = performance.now();
    if (input.clientMessageId) {
      const earlier = deps.store.turnReply(input.conversationId, input.clientMessageId);
      if (earlier) return earlier as TurnReply;
    }
    // 2. Load: the materialised state is the fold of every event so far.
    const conversation = deps.store.get(input.conversationId);
    if (!conversation) throw notFound('conversation');
    const state = conversation.state;

    // 3–4. Understand and decide: pure.
    const understanding = deps.understander.understand(redaction.text);
    const decision = decide({ state, understanding, secrets: redaction.secrets, text: redaction.text });

    // 5. Act: the only I/O, and only when the decision needs facts.
    const composed = decision.action
      ? composeAfterAction(decision.action, await act(deps.actions, decision.action, {
        conversationId: input.conversationId, clientAddress: input.clientAddress, role: state.role,
      }), state)
      : undefined;
    const replies = [...decision.replies, ...(composed?.replies ?? []), ...(decision.after ?? [])];
    const handoff = decision.handoff ?? composed?.handoff;

    // 6–7. Render and guard: the replies the visitor will see, and why.
    const drafts = await deps.renderer.render({ ...decision, replies }, { visitorText: redaction.text, state });
    const guarded = deps.guard.check(drafts, { visitorText: redaction.text });

    const userMessageId = deps.ids();
    const events: ConversationEvent[] = [
      { type: 'user_said', messageId: userMessageId, text: redaction.text, clientMessageId: input.clientMessageId, secrets: redaction.secrets },
      { type: 'message_understood', messageId: userMessageId, ...understanding },
      ...decision.events,
      ...(composed?.events ?? []),
      ...guarded.flatMap((g): ConversationEvent[] => g.blocked ? [{ type: 'guard_blocked', ...g.blocked }] : []),
      ...guarded.map((g): ConversationEvent => ({
        type: 'bot_said', messageId: deps.ids(), text: g.reply.text, replyKey: g.reply.replyKey,
        quickReplies: g.reply.quickReplies, inReplyTo: userMessageId,
      })),
    ];
    if (handoff && state.handoff !== 'queued' && state.handoff !== 'assigned') {
      events.push({ type: 'handoff_requested', handoffId: deps.ids(), reason: handoff.reason, summary: deps.summarise(foldPreview(state, events), handoff.reason) });
    }

    // 8. Append: one transaction with the reply a retry will get; only then answer and publish.
    const committed = commitEvents(deps, conversation, events,
      input.clientMessageId ? { clientMessageId: input.clientMessageId, reply: toTurnReply } : undefined);
    deps.log.info({
      conversationId: input.conversationId, intent: understanding.intent, confidence: understanding.confidence,
      decision: decision.kind, handoff: handoff?.reason, blocked: guarded.filter((g) => g.blocked).length,
      tookMs: Math.round(performance.now() - started),
    }, 'turn handled');
    return toTurnReply(committed);
  });
}

const toTurnReply = ({ messages, state }: Committed): TurnReply => ({
  messages: messages.filter((m) => m.from !== 'user'),
  state: toPublicState(state),
});

/** The state the summary describes: everything this turn learned, before the handoff opens. */
const foldPreview = (state: ConversationState, events: readonly ConversationEvent[]) => fold(events, state);

