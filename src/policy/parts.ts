// What a message asks, as parts to answer in the visitor's order: orders to look up, services
// whose rules are wanted, API errors, a payment, an affiliate case, a security incident, a person,
// help-article questions. Explicit identifiers come first; the classifier's intent and the cue
// words fill in; a message with nothing of its own continues the conversation's topic (a follow-up).
import type { ConversationState } from '../conversation/state.js';
import type { Cue } from '../language/lexicon.js';
import type { Intent } from '../understanding/vocabulary.js';
import type { OrderRequest } from './decision.js';
import type { Attribute, Reading } from './read.js';

export type Part =
  | { kind: 'orders'; request: OrderRequest; orderIds: string[] }
  | { kind: 'services'; serviceIds: string[]; platforms: string[]; kinds: string[]; attributes: Attribute[] }
  | { kind: 'api' }
  | { kind: 'payment' }
  | { kind: 'affiliate_case' }
  | { kind: 'security' }
  | { kind: 'human' }
  | { kind: 'knowledge'; followUp: boolean; questions?: string[] };

export const ORDER_TOPICS: ReadonlySet<Intent> = new Set(['order_status', 'order_problem', 'refund_request', 'refill_request', 'cancel_request', 'delivery_time']);
const SERVICE_TOPICS: ReadonlySet<Intent> = new Set(['service_info', 'api_error', 'delivery_time']);
/** Rules questions a follow-up may ask about the service in view ("and can I cancel it?"). */
const SERVICE_QUESTION_INTENTS: ReadonlySet<Intent> = new Set(['service_info', 'cancel_request', 'refill_request', 'delivery_time']);
/** Intents of one family: a message of the topic's family continues it. */
const FAMILY: Partial<Record<Intent, string>> = {
  order_status: 'orders', order_problem: 'orders', refund_request: 'orders', refill_request: 'orders', cancel_request: 'orders', delivery_time: 'orders',
  api_error: 'api', api_key: 'api', integration_help: 'api', service_info: 'services', payment_issue: 'payments',
  affiliate_commission: 'affiliates', account_access: 'account',
};

/** Cue words that ask something of an order, strongest first. */
const REQUEST_CUES: readonly [Cue, OrderRequest][] = [
  ['refund', 'refund'], ['cancel', 'cancel'], ['change', 'change'], ['refill', 'refill'], ['eta', 'eta'], ['problem', 'problem'],
];
const REQUEST_OF_INTENT: Partial<Record<Intent, OrderRequest>> = {
  refund_request: 'refund', cancel_request: 'cancel', refill_request: 'refill', delivery_time: 'eta', order_problem: 'problem',
};

export function orderRequest(r: Reading): OrderRequest {
  for (const [cue, request] of REQUEST_CUES) if (r.cues.has(cue)) return request;
  // "Why was it canceled?" asks for the reason the status gives, not for a person to fix something.
  if (r.cues.has('why')) return 'status';
  return (r.intent && REQUEST_OF_INTENT[r.intent]) ?? 'status';
}

const asksOfOrder = (r: Reading) => REQUEST_CUES.some(([cue]) => r.cues.has(cue)) || r.cues.has('status') || r.cues.has('why') || (r.intent !== null && ORDER_TOPICS.has(r.intent));
const serviceRuleCues: readonly Cue[] = ['min', 'max', 'price', 'dripfeed'];

/** Same family as the conversation's topic, no confident intent of its own, or "when?" about what is in view: a follow-up. */
export const continuesTopic = (state: ConversationState, r: Reading) =>
  state.topic !== null && (r.intent === null || r.intent === 'other' || r.intent === 'delivery_time' || FAMILY[r.intent] === FAMILY[state.topic]);

export function partsOf(state: ConversationState, r: Reading): Part[] {
  const placed: [number, Part][] = [];
  const add = (at: number, part: Part) => placed.push([Number.isFinite(at) ? at : 10_000 + placed.length, part]);
  const apiErrors = r.apiErrors.length > 0;
  const hasOrders = r.orderIds.length > 0 && !apiErrors;

  if (r.cues.has('takeover')) add(-1, { kind: 'security' });
  if (apiErrors || (r.intent === 'api_error' && !hasOrders)) add(r.positions.errors, { kind: 'api' });
  if (hasOrders) add(r.positions.orders, { kind: 'orders', request: orderRequest(r), orderIds: r.orderIds });
  const services = apiErrors ? null : servicesNamed(state, r, hasOrders);
  if (services) add(r.positions.services, services);
  const human = (r.intent === 'human_agent' || r.cues.has('human')) && !r.cues.has('withdraw');
  if (human) add(Infinity, { kind: 'human' });

  if (placed.some(([, p]) => p.kind !== 'human') || r.social) {
    // "What's the price of TikTok likes? And how do I pay?": the questions the parts above do not
    // cover go to the articles (and say nothing when none answers: the rest of the message is answered).
    if (r.questions.length > 1 && r.looseQuestions.length > 0 && placed.some(([, p]) => p.kind !== 'human' && p.kind !== 'security')) {
      add(Infinity, { kind: 'knowledge', followUp: false, questions: r.looseQuestions });
    }
  } else {
    const inContext = partInContext(state, r, human);
    if (inContext) add(0, inContext);
  }
  return placed.sort((a, b) => a[0] - b[0]).map(([, part]) => part);
}

/** A service named by ID or by platform and kind, with a rules question (an order's own refill or pace question is the order's). */
function servicesNamed(state: ConversationState, r: Reading, hasOrders: boolean): Part | null {
  const mentioned = r.serviceIds.length > 0 || r.platforms.length > 0 || r.kinds.length > 0;
  // "I want to order 100000 tiktok followers": a quantity for a service named is a question about its limits.
  const rulesAsked = serviceRuleCues.some((c) => r.cues.has(c))
    || (!hasOrders && (r.attributes.length > 0 || r.cues.has('catalogue') || r.statedQuantity !== null || r.intent === 'service_info' || r.intent === 'delivery_time'));
  // A kind alone ("are your followers real?") names no service to quote; with a platform, a rule
  // asked or "what do you have" it does.
  const asksRules = r.attributes.length > 0 || r.cues.has('catalogue');
  const named = r.serviceIds.length > 0 || (r.platforms.length > 0 && (r.kinds.length > 0 || asksRules)) || (r.kinds.length > 0 && (asksRules || r.statedQuantity !== null));
  // "And for Instagram?" / "what about likes?" after a service question: the other half from the last one.
  const completes = !hasOrders && state.topic === 'service_info' && r.serviceIds.length === 0 && (r.platforms.length > 0) !== (r.kinds.length > 0)
    && (state.focus.platforms.length > 0 || state.focus.kinds.length > 0);
  if (!mentioned || !((rulesAsked && named) || completes)) return null;
  return {
    kind: 'services', serviceIds: r.serviceIds, attributes: r.attributes,
    platforms: r.platforms.length > 0 || !completes ? r.platforms : state.focus.platforms,
    kinds: r.kinds.length > 0 || !completes ? r.kinds : state.focus.kinds,
  };
}

/** A message that names nothing: what it answers, its intent and cue words, against what is in view. */
function partInContext(state: ConversationState, r: Reading, human: boolean): Part | null {
  const proofGiven = Object.keys(r.proof).length > 0;
  const ordersTopic = state.topic !== null && ORDER_TOPICS.has(state.topic);
  if (proofGiven && state.awaiting === 'email' && state.focus.orders.length > 0 && ordersTopic) {
    return { kind: 'orders', request: orderRequest(r), orderIds: ordersInView(state, r) };
  }
  if (proofGiven && state.awaiting === 'email' && paymentCaseOpen(state)) return { kind: 'payment' };
  // "I don't have the ID, my email is …" (orders are not found by email alone), or "my email is …,
  // I have a few orders": which order is it?
  if (proofGiven && (state.awaiting === 'order_id' || (r.cues.has('order_word') && !state.awaiting))) {
    return { kind: 'orders', request: orderRequest(r), orderIds: [] };
  }
  const focusKind = ordersTopic && state.focus.orders.length > 0 ? 'orders'
    : state.topic && SERVICE_TOPICS.has(state.topic) && state.focus.service ? 'service' : null;
  // "Oops, I meant 1215": a bare number correcting the service in view is that service's ID.
  const corrected = focusKind === 'service' && r.cues.has('correction') && r.bareNumber !== null ? r.bareNumber : null;
  // "Why?" about the order in view asks why orders end so, which the articles answer.
  const whyOnly = (r.cues.has('why') || r.cues.has('avoid')) && orderRequest(r) === 'status';
  if (focusKind === 'service' && (corrected || r.attributes.length > 0 || (r.intent !== null && SERVICE_QUESTION_INTENTS.has(r.intent)))) {
    return { kind: 'services', serviceIds: [corrected ?? state.focus.service as string], platforms: [], kinds: [], attributes: r.attributes };
  }
  if (focusKind === 'orders' && asksOfOrder(r) && !whyOnly && (r.intent === null || ORDER_TOPICS.has(r.intent) || r.intent === 'other')) {
    return { kind: 'orders', request: orderRequest(r), orderIds: ordersInView(state, r) };
  }
  if (paymentCase(r) || (paymentCaseOpen(state) && continuesTopic(state, r))) return { kind: 'payment' };
  if (r.intent === 'affiliate_commission' && (r.cues.has('referral_missing') || (r.referral !== null && !r.cues.has('payout')))) return { kind: 'affiliate_case' };
  if (human || r.social) return null;
  if (r.intent !== null && ORDER_TOPICS.has(r.intent) && r.intent !== 'delivery_time' && r.cues.has('own')) return { kind: 'orders', request: orderRequest(r), orderIds: [] };
  if (vague(r) && (r.cues.has('withdraw') || state.awaiting)) return null;
  // A short question after an answer ("and how do I avoid that?") is about that answer, whatever
  // the classifier makes of so few words.
  return { kind: 'knowledge', followUp: continuesTopic(state, r) || (state.topic !== null && r.words <= SHORT_FOLLOW_UP) };
}

/** Money that did not arrive, with a reference or the words for it (not a question about payment methods). */
const paymentCase = (r: Reading) => r.paymentReferences.length > 0 || (r.intent === 'payment_issue' && (r.cues.has('deposit') || r.cues.has('charged_twice')));

/** The orders a follow-up is about: all those in view, or the one "the first one", "the second" or "the last one" points at. */
function ordersInView(state: ConversationState, r: Reading): string[] {
  const orders = state.focus.orders;
  if (orders.length < 2) return orders;
  const pick = r.cues.has('first_one') ? orders[0] : r.cues.has('second_one') ? orders[1] : r.cues.has('last_one') ? orders.at(-1) : undefined;
  return pick ? [pick] : orders;
}

/** Words in a follow-up too short to carry its own topic. */
const SHORT_FOLLOW_UP = 8;

/** A payment case in progress: its reference asked for, given, or passed to a person. */
const paymentCaseOpen = (state: ConversationState) => state.topic === 'payment_issue'
  && (state.awaiting === 'payment_reference' || state.collected.payment_reference !== undefined || state.handoff === 'queued');

/** No question of its own: nothing the classifier is sure of beyond "not ours". */
const vague = (r: Reading) => r.intent === null || r.intent === 'other' || r.intent === 'goodbye' || r.intent === 'greeting';
