// The one place a visitor's turn is orchestrated (ARCHITECTURE.md "One turn, end to end"):
// redact → load → understand → decide → act → render → guard → append, then publish.
import type { Clock, IdGen } from '../clock.js';
import type { Log } from '../observability/logger.js';
import { decide } from '../policy/decide.js';
import type { Decision } from '../policy/decision.js';
import { redact } from '../understanding/redact.js';
import type { Understanding } from '../understanding/vocabulary.js';
import type { ConversationBus } from './bus.js';
import type { ConversationEvent } from './events.js';
import type { KeyedMutex } from './keyed-mutex.js';
import type { ReplyGuard } from './guard-replies.js';
import type { ReplyRenderer } from './render-replies.js';
import { commitEvents, type Committed } from './commit.js';
import type { ConversationStore } from './store.js';
import { toPublicState, type Message, type PublicState } from './view.js';
import { notFound } from '../errors.js';

export interface Understander {
  understand(redactedText: string): Understanding;
}

export interface TurnDeps {
  store: ConversationStore;
  understander: Understander;
  renderer: ReplyRenderer;
  guard: ReplyGuard;
  bus: ConversationBus;
  mutex: KeyedMutex;
  clock: Clock;
  ids: IdGen;
  log: Log;
}

export interface TurnInput {
  conversationId: string;
  text: string;
  clientMessageId: string | null;
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

    // 3–4. Understand and decide: pure.
    const understanding = deps.understander.understand(redaction.text);
    const decision = decide({ state: conversation.state, understanding, secrets: redaction.secrets });

    // 5–7. Act, render and guard: the replies the visitor will see, and why.
    const userMessageId = deps.ids();
    const drafts = await deps.renderer.render(decision, { visitorText: redaction.text, state: conversation.state });
    const guarded = deps.guard.check(drafts, { visitorText: redaction.text });

    const events: ConversationEvent[] = [
      { type: 'user_said', messageId: userMessageId, text: redaction.text, clientMessageId: input.clientMessageId, secrets: redaction.secrets },
      { type: 'message_understood', messageId: userMessageId, ...understanding },
      ...decision.events,
      ...handoffEvents(deps.ids, decision),
      ...guarded.flatMap((g) => g.blocked ? [{ type: 'guard_blocked' as const, replyKey: g.blocked.replyKey, rules: g.blocked.rules, draft: g.blocked.draft }] : []),
      ...guarded.map((g): ConversationEvent => ({
        type: 'bot_said', messageId: deps.ids(), text: g.reply.text, replyKey: g.reply.replyKey,
        quickReplies: g.reply.quickReplies, inReplyTo: userMessageId,
      })),
    ];

    // 8. Append: one transaction with the reply a retry will get; only then answer and publish.
    const committed = commitEvents(deps, conversation, events,
      input.clientMessageId ? { clientMessageId: input.clientMessageId, reply: toTurnReply } : undefined);
    deps.log.info({
      conversationId: input.conversationId, intent: understanding.intent, confidence: understanding.confidence,
      decision: decision.kind, blocked: guarded.filter((g) => g.blocked).length, tookMs: Math.round(performance.now() - started),
    }, 'turn handled');
    return toTurnReply(committed);
  });
}

const toTurnReply = ({ messages, state }: Committed): TurnReply => ({
  messages: messages.filter((m) => m.from !== 'user'),
  state: toPublicState(state),
});

function handoffEvents(ids: IdGen, decision: Decision): ConversationEvent[] {
  if (!decision.handoff) return [];
  return [{ type: 'handoff_requested', handoffId: ids(), reason: decision.handoff.reason, summary: '' }];
}
