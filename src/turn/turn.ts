// The one place a visitor's turn is orchestrated (ARCHITECTURE.md "One turn, end to end"):
// redact → load → understand → decide → act → render → guard → append, then publish.
import { act, type ActDeps } from '../actions/act.js';
import type { IdGen } from '../clock.js';
import type { DecisionKind, ReplyPlan } from '../policy/decision.js';
import { notFound } from '../errors.js';
import { awayNotice, whileAway } from '../policy/away.js';
import { composeAfterAction } from '../policy/compose.js';
import { decide, type PolicyOptions } from '../policy/decide.js';
import { understandMessage } from '../understanding/understand.js';
import type { Intent } from '../understanding/vocabulary.js';
import { commitEvents, retryOnConflict, type CommitDeps, type Committed } from './commit.js';
import type { ConversationEvent, HandoffReason } from '../conversation/events.js';
import { teamAway, type BusinessHours } from '../handoff/business-hours.js';
import type { ReplyGuard } from './guard-replies.js';
import type { KeyedMutex } from './keyed-mutex.js';
import type { ReplyRenderer } from './render-replies.js';
import { fold, type ConversationState } from '../conversation/state.js';
import { toPublicState, type Message, type PublicState } from '../conversation/view.js';

export const TURN_STAGES = ['understand', 'decide', 'act', 'render', 'guard', 'append', 'total'] as const;
export type TurnStage = (typeof TURN_STAGES)[number];

/** Counting and timing hooks (observability/metrics.ts). Labels are closed vocabularies only. */
export interface TurnMetrics {
  observeStage(stage: TurnStage, seconds: number): void;
  countTurn(intent: Intent, decision: DecisionKind): void;
  countHandoff(reason: HandoffReason): void;
}

export interface TurnDeps extends CommitDeps {
  actions: ActDeps;
  renderer: ReplyRenderer;
  guard: ReplyGuard;
  mutex: KeyedMutex;
  ids: IdGen;
  /** The language data and the panel's order ID shape the policy reads messages with. */
  policy: PolicyOptions;
  /** The summary an agent reads first when a handoff opens, from the state and the events so far. */
  summarise: (state: ConversationState, events: readonly ConversationEvent[]) => string;
  /** When the team is there (the shop policy's business hours); none: always. */
  businessHours?: BusinessHours;
  metrics?: TurnMetrics;
}

export interface TurnInput {
  conversationId: string;
  text: string;
  clientMessageId: string | null;
  clientAddress: string;
}

/** What a handled turn did, for its request's log line (no text, no identifier: closed vocabularies and numbers). */
export interface TurnOutcome {
  intent: Intent;
  confidence: number;
  decision: DecisionKind;
  handoff: HandoffReason | undefined;
  blocked: number;
  tookMs: number;
}

export interface TurnReply {
  messages: Message[];
  state: PublicState;
}

/** `report`: told the outcome once the turn is committed (the route adds it to the request's log line). */
export function handleTurn(deps: TurnDeps, input: TurnInput, report: (outcome: TurnOutcome) => void = () => undefined): Promise<TurnReply> {
  // Another instance may append to the conversation between this turn's read and its append: the
  // turn is run again from a fresh read (a retried clientMessageId the other one answered gets its
  // stored reply), up to TURN_ATTEMPTS times, then 409 `conflict`.
  return deps.mutex.run(input.conversationId, () => retryOnConflict(TURN_ATTEMPTS, async () => {
    const started = performance.now();
    const lap = stageTimer(deps.metrics);
    if (input.clientMessageId) {
      const earlier = await deps.store.turnReply(input.conversationId, input.clientMessageId);
      if (earlier) return earlier as TurnReply;
    }
    // 2. Load: the materialised state is the fold of every event so far.
    const conversation = await deps.store.get(input.conversationId);
    if (!conversation) throw notFound('conversation');
    const state = conversation.state;

    // 1 and 3–4. Redact, understand and decide: pure. Only the redacted text goes further: nothing
    // below, not even the log line of a failed turn, sees the secret.
    lap.skip();
    const { redaction, understanding } = understandMessage(input.text);
    lap('understand');
    const decision = decide({ state, understanding, secrets: redaction.secrets, text: redaction.text, policy: deps.policy });
    lap('decide');

    // 5. Act: the only I/O, and only for the steps that need facts, in the order the visitor asked.
    // Each action sees what the decision just learned (a role set by this very message).
    const decided = fold(decision.events, state);
    const context = { conversationId: input.conversationId, clientAddress: input.clientAddress, role: decided.role, verifiedUserId: decided.verifiedUserId };
    const replies: ReplyPlan[] = [];
    const composedEvents: ConversationEvent[] = [];
    let composedHandoff: { reason: HandoffReason } | undefined;
    let acted = false;
    for (const step of decision.steps) {
      if ('reply' in step) {
        replies.push(step.reply);
        continue;
      }
      const composed = composeAfterAction(step.action, await act(deps.actions, step.action, context), fold(composedEvents, decided));
      acted = true;
      replies.push(...composed.replies);
      composedEvents.push(...composed.events);
      composedHandoff ??= composed.handoff;
    }
    if (acted) lap('act');
    else lap.skip();
    const blockedTopic = fold(composedEvents, decided).topic ?? understanding.intent;

    // 6–7. Render and guard: the replies the visitor will see, and why. Outside business hours the
    // replies that would have a person answer soon say when the team is back instead.
    const away = deps.businessHours && teamAway(deps.businessHours, deps.clock());
    const planned = away ? whileAway(replies, away) : replies;
    const renderContext = { visitorText: redaction.text, state };
    const drafts = await deps.renderer.render(planned, renderContext);
    lap('render');
    const guarded = deps.guard.check(drafts, { visitorText: redaction.text });
    // The guard blocking the same topic a second time means the bot cannot answer it: a person can.
    const blockedAgain = guarded.some((g) => g.blocked) && (state.guardBlocks[blockedTopic ?? 'none'] ?? 0) >= 1;
    const handoff = decision.handoff ?? composedHandoff ?? (blockedAgain ? { reason: 'guard_blocked' as const } : undefined);
    const handoffOpens = handoff && state.handoff !== 'queued' && state.handoff !== 'assigned';
    // Handed to a team that is away: the handoff still queues; the visitor also learns when the team
    // is back and how else to reach the shop (known only now: the guard may have opened the handoff).
    if (handoffOpens && away) guarded.push(...deps.guard.check(await deps.renderer.render(awayNotice(planned, away), renderContext), { visitorText: redaction.text }));
    lap('guard');

    const userMessageId = deps.ids();
    const events: ConversationEvent[] = [
      { type: 'user_said', messageId: userMessageId, text: redaction.text, clientMessageId: input.clientMessageId, secrets: redaction.secrets },
      { type: 'message_understood', messageId: userMessageId, ...understanding },
      ...decision.events,
      ...composedEvents,
      ...guarded.flatMap((g): ConversationEvent[] => g.blocked ? [{ type: 'guard_blocked', ...g.blocked, topic: blockedTopic }] : []),
      ...guarded.map((g): ConversationEvent => ({
        type: 'bot_said', messageId: deps.ids(), text: g.reply.text, replyKey: g.reply.replyKey,
        quickReplies: g.reply.quickReplies, inReplyTo: userMessageId,
      })),
    ];
    if (handoffOpens) {
      const requested = { type: 'handoff_requested' as const, handoffId: deps.ids(), reason: handoff.reason, summary: '' };
      const history = [...(await deps.store.events(input.conversationId, { limit: SUMMARY_HISTORY })), ...events, requested];
      events.push({ ...requested, summary: deps.summarise(fold(events, state), history) });
    }

    // 8. Append: one transaction with the reply a retry will get; only then answer and publish.
    const committed = await commitEvents(deps, conversation, events,
      input.clientMessageId ? { clientMessageId: input.clientMessageId, reply: toTurnReply } : undefined);
    lap('append');
    deps.metrics?.observeStage('total', (performance.now() - started) / 1000);
    deps.metrics?.countTurn(understanding.intent, decision.kind);
    if (handoffOpens) deps.metrics?.countHandoff(handoff.reason);
    report({
      intent: understanding.intent, confidence: understanding.confidence,
      decision: decision.kind, handoff: handoff?.reason, blocked: guarded.filter((g) => g.blocked).length,
      tookMs: Math.round(performance.now() - started),
    });
    return toTurnReply(committed);
  }));
}

const TURN_ATTEMPTS = 3;

/** How much history a handoff summary reads. */
const SUMMARY_HISTORY = 200;

const toTurnReply = ({ messages, state }: Committed): TurnReply => ({
  messages: messages.filter((m) => m.from !== 'user'),
  state: toPublicState(state),
});

/** Times consecutive stages: `lap(stage)` records the time since the previous lap; `skip()` restarts the clock. */
function stageTimer(metrics: TurnMetrics | undefined) {
  let mark = performance.now();
  const lap = (stage: TurnStage): void => {
    const now = performance.now();
    metrics?.observeStage(stage, (now - mark) / 1000);
    mark = now;
  };
  lap.skip = (): void => {
    mark = performance.now();
  };
  return lap;
}


