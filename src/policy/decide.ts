// The dialogue policy: state + understanding in, Decision out. Pure; no I/O, no clock.
import type { ConversationEvent } from '../conversation/events.js';
import type { ConversationState } from '../conversation/state.js';
import type { Entities, Intent, SecretType, Understanding } from '../understanding/vocabulary.js';
import type { Action, Decision, ReplyPlan } from './decision.js';
import { askFor, INTAKE, isTopic, nextMissing, type IntakePlan } from './intake.js';
import { roleEvents } from './role.js';
import { SLOTS, valueFor, type SlotName } from './slots.js';

export interface DecideInput {
  state: ConversationState;
  understanding: Understanding;
  secrets: readonly SecretType[];
  /** The visitor's message, already redacted. */
  text: string;
}

/** Below this, an intent does not open or switch a topic: the bot asks instead of guessing. */
export const TOPIC_CONFIDENCE = 0.55;
/** A free-text answer is read as a new question only when the classifier is this sure. */
const SIDE_QUESTION_CONFIDENCE = 0.8;
/** Invalid answers to the same question before a person is offered. */
export const MAX_REASKS = 2;
/** Low-confidence turns in a row before a person takes over. */
const LOW_CONFIDENCE_TURNS = 2;

const SECRET_NAMES: Record<SecretType, string> = { api_key: 'an API key', password: 'a password', card_number: 'a card number' };
const CANCEL_ALONE = /^\s*(?:cancel(?: that| it)?|stop|no|nope)\s*[.!]*\s*$/i;
const CANCEL_PHRASE = /\b(?:never ?mind|nvm|forget (?:it|that|about it)|cancel that|no thanks?|not now|leave it|doesn'?t matter)\b/i;
/** "never mind" and friends in a short message; a bare "cancel" only on its own (it is also an intent). */
const isCancel = (text: string) => CANCEL_ALONE.test(text) || (CANCEL_PHRASE.test(text) && text.trim().split(/\s+/).length <= 10);
/** Slots a message can fill whatever is being asked: identifiers with an unmistakable shape. */
const ORDER_INTENTS: ReadonlySet<Intent> = new Set(['order_status', 'order_problem', 'refund_request', 'refill_request', 'cancel_request']);
const SHAPED_SLOTS: readonly SlotName[] = ['order_id', 'email', 'link', 'payment_reference', 'service_id', 'api_error'];

export function decide(input: DecideInput): Decision {
  const { state, understanding: u, text } = input;
  const events: ConversationEvent[] = roleEvents(state, u);
  const preface: ReplyPlan[] = input.secrets.length
    ? [{ key: 'secret-removed', vars: { secretKinds: joinWords(input.secrets.map((s) => SECRET_NAMES[s])) } }]
    : [];
  const reply = (kind: Decision['kind'], replies: ReplyPlan[], extra: Partial<Decision> = {}): Decision =>
    ({ kind, events: [...events, ...(extra.events ?? [])], replies: [...preface, ...replies], ...omitEvents(extra) });

  // A person holds the conversation: the bot stays out of it.
  if (state.handoff === 'assigned') return { kind: 'silent', events, replies: [] };
  if (state.handoff === 'queued') {
    if (isCancel(text) && state.handoffId) {
      return reply('smalltalk', [{ key: 'handoff-cancelled' }], { events: [{ type: 'handoff_cancelled', handoffId: state.handoffId }] });
    }
    return reply('silent', [{ key: 'handoff-waiting' }]);
  }
  // An answer to the pending question wins over a weak "human" reading of the same words.
  const answersPending = state.awaiting !== null && SLOTS[state.awaiting as SlotName].find(u.entities, text) !== undefined;
  if (u.intent === 'human_agent' && u.confidence >= TOPIC_CONFIDENCE && !answersPending) {
    return reply('escalate', [{ key: 'handoff-requested' }], { handoff: { reason: 'visitor_asked' } });
  }
  if (state.topic && isCancel(text)) {
    return reply('smalltalk', [{ key: 'intake-cancelled' }], { events: [{ type: 'topic_set', intent: null }, { type: 'awaiting_set', slot: null }] });
  }

  const confidentTopic = isTopic(u.intent) && u.confidence >= TOPIC_CONFIDENCE ? u.intent : null;
  const found = shapedValues(u.entities, text);

  if (state.topic && state.awaiting) {
    const awaited = state.awaiting as SlotName;
    const spec = SLOTS[awaited];
    const value = valueFor(awaited, u.entities, text);
    // Free text answers almost anything, so it gives way only to a confident quick question
    // (one with no intake of its own); shaped slots give way to any confident new topic.
    const quickQuestion = confidentTopic !== null && (INTAKE[confidentTopic]?.needs.length ?? 0) === 0;
    const isSideQuestion = confidentTopic !== null && confidentTopic !== state.topic
      && (!value || (spec.freeText && quickQuestion && !spec.find(u.entities, text) && u.confidence >= SIDE_QUESTION_CONFIDENCE));
    if (isSideQuestion) return sideQuestion(input, confidentTopic, reply);
    if (value) return continueIntake(state.topic, state, { ...found, [awaited]: value }, reply);
    if (Object.keys(found).length > 0) return continueIntake(state.topic, state, found, reply);
    if (state.rejections >= MAX_REASKS) {
      return reply('escalate', [{ key: 'reask-limit' }], { events: [{ type: 'slot_rejected', slot: awaited }], handoff: { reason: 'repeated_failures' } });
    }
    return reply('ask', [{ key: 'reask', vars: { what: spec.what } }, { key: askAgain(state.topic, awaited) }], { events: [{ type: 'slot_rejected', slot: awaited }] });
  }

  // An order ID with no clear question is a question about that order.
  if (!confidentTopic && !state.topic && found.order_id) {
    const topic = ORDER_INTENTS.has(u.intent) ? u.intent : 'order_status';
    return continueIntake(topic, state, { ...planValues(topic, u.entities, text), ...found }, reply, true);
  }
  if (confidentTopic) return continueIntake(confidentTopic, state, { ...planValues(confidentTopic, u.entities, text), ...found }, reply, confidentTopic !== state.topic);
  if (state.topic && Object.keys(found).length > 0) return continueIntake(state.topic, state, found, reply);

  switch (u.intent) {
    case 'greeting':
      return reply('smalltalk', [{ key: 'greeting' }]);
    case 'goodbye':
      return reply('smalltalk', [{ key: 'goodbye' }]);
    default:
      if (state.lowConfidenceStreak + 1 >= LOW_CONFIDENCE_TURNS && u.confidence < TOPIC_CONFIDENCE) {
        return reply('escalate', [{ key: 'low-confidence-handoff' }], { handoff: { reason: 'low_confidence' } });
      }
      return reply('explain', [{ key: u.intent === 'other' && u.confidence >= TOPIC_CONFIDENCE ? 'out-of-scope' : 'capabilities' }]);
  }
}

type Reply = (kind: Decision['kind'], replies: ReplyPlan[], extra?: Partial<Decision>) => Decision;

/** Collect what this message gave, then ask for the next missing thing or act. */
function continueIntake(topic: Intent, state: ConversationState, found: Partial<Record<SlotName, string>>, reply: Reply, opensTopic = false): Decision {
  const plan = INTAKE[topic] as IntakePlan;
  const events: ConversationEvent[] = opensTopic ? [{ type: 'topic_set', intent: topic }] : [];
  for (const [slot, value] of Object.entries(found)) {
    if (state.collected[slot] !== value) events.push({ type: 'slot_set', slot, value });
  }
  const collected = { ...state.collected, ...found };
  const missing = nextMissing(plan, collected, state.verifiedUserId !== null);
  if (missing) {
    return reply('ask', [{ key: askFor(missing, SLOTS) }], { events: [...events, { type: 'awaiting_set', slot: missing[0] }] });
  }
  const done: ConversationEvent[] = [...events, { type: 'awaiting_set', slot: null }, { type: 'topic_set', intent: null }];
  const action = actionFor(topic, plan, collected);
  if (action) return reply(action.kind === 'order_lookup' ? 'lookup' : 'answer', [], { events: done, action });
  return reply('escalate', [{ key: `handoff-${topic.replace(/_/g, '-')}` }], { events: done, handoff: { reason: 'needs_decision' } });
}

/** A quick question in the middle of an intake: answer it, then ask the pending question again. */
function sideQuestion(input: DecideInput, intent: Intent, reply: Reply): Decision {
  const plan = INTAKE[intent] as IntakePlan;
  const awaited = input.state.awaiting as SlotName;
  const resume: ReplyPlan[] = [{ key: 'resume-intake' }, { key: askAgain(input.state.topic, awaited) }];
  if (plan.needs.length === 0) {
    const action = actionFor(intent, plan, { ...input.state.collected, ...shapedValues(input.understanding.entities, input.text) }, input.text);
    if (action) return reply('answer', [], { action, after: resume });
  }
  // A question that needs its own intake replaces the current one; what was collected is kept.
  const { entities } = input.understanding;
  return continueIntake(intent, input.state, { ...planValues(intent, entities, input.text), ...shapedValues(entities, input.text) }, reply, true);
}

function actionFor(intent: Intent, plan: IntakePlan, collected: Readonly<Record<string, string>>, text = ''): Action | undefined {
  switch (plan.outcome) {
    case 'order_lookup': {
      const proof = {
        ...(collected.email ? { email: collected.email } : {}),
        ...(collected.link ? { link: collected.link } : {}),
        ...(collected.account_id ? { accountId: collected.account_id } : {}),
      };
      return { kind: 'order_lookup', intent, orderId: collected.order_id as string, proof };
    }
    case 'service_rule':
      return collected.service_id ? { kind: 'service_rule', serviceId: collected.service_id } : { kind: 'article', intent, query: text };
    case 'article':
      return { kind: 'article', intent, query: [text, collected.api_error, collected.platform, collected.problem_details].filter(Boolean).join(' ') };
    case 'handoff':
      return undefined;
  }
}

/** The question that asked for the awaited slot, asked again. */
function askAgain(topic: Intent | null, awaited: SlotName): string {
  const requirement = topic ? INTAKE[topic]?.needs.find((r) => r.includes(awaited)) : undefined;
  return requirement ? askFor(requirement, SLOTS) : SLOTS[awaited].ask;
}

/** Values for the topic's own slots that the message states outright ("…my WooCommerce store…"). */
function planValues(intent: Intent, entities: Entities, text: string): Partial<Record<SlotName, string>> {
  const values: Partial<Record<SlotName, string>> = {};
  for (const slot of (INTAKE[intent]?.needs ?? []).flat()) {
    const value = SLOTS[slot].find(entities, text);
    if (value) values[slot] = value;
  }
  return values;
}

function shapedValues(entities: Entities, text: string): Partial<Record<SlotName, string>> {
  const values: Partial<Record<SlotName, string>> = {};
  for (const slot of SHAPED_SLOTS) {
    const value = SLOTS[slot].find(entities, text);
    if (value) values[slot] = value;
  }
  return values;
}

const omitEvents = ({ events: _events, ...rest }: Partial<Decision>) => rest;

const joinWords = (words: string[]) =>
  words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;

