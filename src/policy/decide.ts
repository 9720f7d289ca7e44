// The dialogue policy: state + one message in, a Decision out. Pure; no I/O, no clock.
// A turn: read everything in the message (read.ts) → what it asks (parts.ts) → for each part,
// answer at once when the facts in hand allow it, or ask for the one thing its object still needs
// (plan.ts). General repairs are handled here, apart from the business parts: a person holding the
// conversation, the queue, "never mind", small talk, a question left unanswered.
import type { ConversationEvent } from '../conversation/events.js';
import type { ConversationState } from '../conversation/state.js';
import type { Lexicon } from '../language/lexicon.js';
import type { SecretType, Understanding } from '../understanding/vocabulary.js';
import type { Decision } from './decision.js';
import { partsOf, type Part } from './parts.js';
import { PlanBuilder } from './plan-builder.js';
import { planPart, rememberIdentifiers, requestNeedsPerson, resumePending } from './plan.js';
import { readMessage, type Social } from './read.js';
import { REASK_REPLIES, SECRET_REMOVED_REPLIES, type ReplyKey } from './reply-keys.js';
import { roleEvents, ROLE_SETTLES_AT } from './role.js';

export interface PolicyOptions {
  lexicon: Lexicon;
  /** What the panel accepts as an order ID (whole match). */
  orderIdPattern: RegExp;
}

export interface DecideInput {
  state: ConversationState;
  understanding: Understanding;
  secrets: readonly SecretType[];
  /** The visitor's message, already redacted. */
  text: string;
  policy: PolicyOptions;
}

/** The reply to each kind of small talk. */
export const SOCIAL_REPLIES: Readonly<Record<Social, ReplyKey>> = { greeting: 'greeting', thanks: 'thanks', acknowledge: 'acknowledged', goodbye: 'goodbye' };

/** Invalid answers to the same question before a person takes over. */
export const MAX_REASKS = 2;
/** Turns in a row the bot understood nothing before a person takes over. */
const LOW_CONFIDENCE_TURNS = 2;


export function decide(input: DecideInput): Decision {
  const { state, understanding: u } = input;
  const events: ConversationEvent[] = roleEvents(state, u);
  // A person holds the conversation: the bot stays out of it.
  if (state.handoff === 'assigned') return { kind: 'silent', events, steps: [] };

  const r = readMessage(input.text, u, input.policy);
  const plan = new PlanBuilder(state, r, events);
  // One sentence per kind of secret removed, then the advice, in one message (the words are templates).
  if (input.secrets.length) plan.reply({ key: 'secret-removed', then: [...input.secrets.map((s) => ({ key: SECRET_REMOVED_REPLIES[s] })), { key: 'secret-advice' }] });
  rememberIdentifiers(plan);

  if (state.handoff === 'queued') return whileQueued(plan, partsOf(state, r));
  const parts = partsOf(state, r);
  if (parts.length === 0) return withoutParts(plan, u);

  const pending = state.awaiting;
  for (const part of parts) planPart(plan, part);
  // Someone asking about their own order, whom nothing else marks as a reseller or a developer
  // (a message in a language the classifier was not trained on, say), is a buyer.
  if (plan.role() === 'unknown' && parts.some((p) => p.kind === 'orders' && p.orderIds.length > 0)) {
    plan.event({ type: 'role_set', role: 'buyer', confidence: ROLE_SETTLES_AT });
  }
  if (pending && !plan.touchedPending) {
    // "Never mind, how does …": the pending question is dropped with the old topic.
    if (r.cues.has('withdraw')) plan.event({ type: 'awaiting_set', slot: null });
    // A side question answered while something was still wanted: back to it, asked again.
    else if (plan.handoff === undefined) {
      resumePending(plan, pending);
      if (state.topic) plan.topic(state.topic);
    }
  }
  return plan.decision();
}

/** Nothing to answer in the message: small talk, "never mind", a missing answer, or not understood. */
function withoutParts(plan: PlanBuilder, u: Understanding): Decision {
  const { state, r } = plan;
  if (r.cues.has('withdraw') && (state.awaiting || state.topic)) {
    plan.event({ type: 'awaiting_set', slot: null }, { type: 'topic_set', intent: null });
    return plan.reply({ key: 'intake-cancelled' }).decision('smalltalk');
  }
  if (r.social) {
    const key = r.social === 'greeting' && state.userTurns > 0 ? 'greeting-again' : SOCIAL_REPLIES[r.social];
    return plan.reply({ key }).decision('smalltalk');
  }
  if (state.awaiting) {
    if (state.rejections >= MAX_REASKS) {
      plan.event({ type: 'slot_rejected', slot: state.awaiting });
      return plan.reply({ key: 'reask-limit' }).escalate('repeated_failures').decision();
    }
    plan.event({ type: 'slot_rejected', slot: state.awaiting });
    plan.reply({ key: REASK_REPLIES[state.awaiting] });
    resumePending(plan, state.awaiting, false);
    return plan.decision('ask');
  }
  if (state.lowConfidenceStreak + 1 >= LOW_CONFIDENCE_TURNS && u.confidence < 0.5) {
    return plan.reply({ key: 'low-confidence-handoff' }).escalate('low_confidence').decision();
  }
  return plan.reply({ key: 'capabilities' }).decision('explain');
}

/**
 * Waiting for a person: informational questions are still answered (the person sees them too);
 * what only a person can do is added to the queue; "never mind" takes the visitor out of it.
 */
function whileQueued(plan: PlanBuilder, parts: readonly Part[]): Decision {
  const { state, r } = plan;
  if (r.cues.has('withdraw') && state.handoffId) {
    plan.event({ type: 'handoff_cancelled', handoffId: state.handoffId });
    return plan.reply({ key: 'handoff-cancelled' }).decision('smalltalk');
  }
  let answered = false;
  for (const part of parts) {
    const line = requestNeedsPerson(part, r, state);
    if (line === undefined) {
      planPart(plan, part);
      answered = true;
    } else if (line) plan.reply(line);
  }
  if (r.social === 'thanks' || r.social === 'acknowledge') return plan.reply({ key: 'queued-acknowledged' }).decision('smalltalk');
  return plan.reply({ key: answered ? 'queued-still' : 'handoff-waiting' }).decision(answered ? 'answer' : 'silent');
}

