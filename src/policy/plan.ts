// One part of a message → the steps that answer it: actions whose facts become replies, fixed
// replies, and the one question its object still needs. Everything the visitor gave is kept.
import type { ConversationState } from '../conversation/state.js';
import type { Intent } from '../understanding/vocabulary.js';
import type { Action, OrderRequest, ReplyPlan } from './decision.js';
import { PlanBuilder } from './plan-builder.js';
import { ORDER_TOPICS, orderRequest, type Part } from './parts.js';
import type { Attribute, Proof, Reading } from './read.js';
import { liveRuleKind } from './api-errors.js';
import type { AskedSlot, SlotName } from './slots.js';

/** A general answer given beside a question for the order's ID must fit the question well. */
const STRONG_MATCH = 1.5;
const CATALOGUE_ATTRIBUTES: Attribute[] = ['min', 'price'];
const ATTRIBUTE_OF_TOPIC: Partial<Record<Intent, Attribute>> = { refill_request: 'refill', cancel_request: 'cancel', delivery_time: 'speed' };
const INTENT_OF_REQUEST: Record<OrderRequest, Intent> = {
  status: 'order_status', problem: 'order_problem', change: 'order_problem', refund: 'refund_request',
  refill: 'refill_request', cancel: 'cancel_request', eta: 'delivery_time',
};
const REQUEST_OF_TOPIC: Partial<Record<Intent, OrderRequest>> = {
  order_status: 'status', order_problem: 'problem', refund_request: 'refund', refill_request: 'refill', cancel_request: 'cancel', delivery_time: 'eta',
};

/** Slots that prove who owns an order; the first names the question ("awaiting": the contract's first alternative). */
const PROOF_SLOTS = ['email', 'link', 'account_id'] as const satisfies readonly SlotName[];

/** Identifiers given now replace what was given before (a correction); the account proof serves every order. */
export function rememberIdentifiers(plan: PlanBuilder): void {
  const { r, state } = plan;
  const values: [SlotName, string | undefined][] = [
    ['order_id', r.orderIds[0]], ['email', r.proof.email], ['link', r.proof.link], ['account_id', r.proof.accountId],
    ['payment_reference', r.paymentReferences[0]], ['service_id', r.serviceIds[0]], ['api_error', r.apiErrors[0]],
    ['api_request', r.apiAction ? `action=${r.apiAction}` : undefined], ['referral', r.referral ?? undefined],
    ['quantity', r.quantity !== null && (r.apiErrors.length > 0 || state.topic === 'api_error') ? String(r.quantity) : undefined],
  ];
  for (const [slot, value] of values) {
    if (value !== undefined && state.collected[slot] !== value) plan.event({ type: 'slot_set', slot, value });
  }
  if (r.orderIds.length > 0) plan.event({ type: 'focus_set', orders: r.orderIds });
}

/** What proves ownership now: this message's proof over what was given before. */
function proofNow(plan: PlanBuilder): Proof {
  const c = plan.state.collected;
  const { proof } = plan.r;
  const given: Proof = {
    ...(c.email ? { email: c.email } : {}), ...(c.link ? { link: c.link } : {}), ...(c.account_id ? { accountId: c.account_id } : {}),
  };
  return { ...given, ...proof };
}

const hasProof = (plan: PlanBuilder) => plan.state.verifiedUserId !== null || Object.keys(proofNow(plan)).length > 0;

export function planPart(plan: PlanBuilder, part: Part): void {
  switch (part.kind) {
    case 'orders':
      return planOrders(plan, part.orderIds, requestFor(plan, part.request));
    case 'services':
      return planServices(plan, part);
    case 'api':
      return planApi(plan);
    case 'payment':
      return planPayment(plan);
    case 'affiliate_case':
      return planAffiliateCase(plan);
    case 'security':
      plan.topic('account_access').reply({ key: 'security-takeover' }).escalate('security_incident');
      return;
    case 'human':
      plan.reply({ key: 'handoff-requested' }).escalate('visitor_asked');
      return;
    case 'knowledge':
      if (part.questions) {
        plan.act({ ...articleFor(plan, false, 'silent'), questions: part.questions });
        return;
      }
      return planKnowledge(plan, part.followUp);
  }
}

/** An answer to a pending question keeps the request it was asked for ("4831239" after "which order is it?"). */
function requestFor(plan: PlanBuilder, fromMessage: OrderRequest): OrderRequest {
  const { r, state } = plan;
  const own = orderRequest(r);
  if (own !== 'status' || r.cues.has('status') || !state.topic) return fromMessage;
  return REQUEST_OF_TOPIC[state.topic] ?? fromMessage;
}

function planOrders(plan: PlanBuilder, orderIds: readonly string[], request: OrderRequest): void {
  plan.topic(INTENT_OF_REQUEST[request]);
  if (plan.state.awaiting === 'order_id' || plan.state.awaiting === 'email') plan.touchedPending = true;
  if (orderIds.length === 0) {
    if (plan.state.awaiting === 'order_id' && Object.keys(plan.r.proof).length > 0) {
      plan.touchedPending = true;
      plan.ask({ key: 'order-id-where' }, 'order_id');
      return;
    }
    if (plan.r.proof.email || plan.r.proof.accountId) plan.reply({ key: 'identity-noted' });
    // "I ordered with a private profile, what happens?": the general answer now, the order's own on its ID.
    else if (!plan.r.cues.has('status') && request !== 'eta') plan.act({ ...articleFor(plan, false, 'silent'), minRelevance: STRONG_MATCH });
    plan.ask({ key: 'ask-order-id' }, 'order_id');
    return;
  }
  if (!hasProof(plan)) {
    const ids = orderIds.join(', ');
    const key = plan.role() === 'woocommerce_seller' ? 'ask-owner-proof-shop' : 'ask-owner-proof';
    plan.ask({ key, vars: { orderIds: ids } }, PROOF_SLOTS[0]);
    return;
  }
  const proof = proofNow(plan);
  for (const orderId of orderIds) plan.act({ kind: 'order_lookup', request, orderId, proof });
}

function planServices(plan: PlanBuilder, part: Extract<Part, { kind: 'services' }>): void {
  const { state, r } = plan;
  // "And YouTube views?": the rules asked about last time, or the rule the topic was about
  // ("how do refills work?" → refills), unless this message asks its own.
  const inView = state.topic === 'service_info' || state.topic === 'api_error';
  const fromTopic = state.topic ? ATTRIBUTE_OF_TOPIC[state.topic] : undefined;
  const attributes = part.attributes.length > 0 ? part.attributes
    : inView && state.focus.attributes.length > 0 ? state.focus.attributes
      : fromTopic ? [fromTopic]
        // "What do you have for YouTube?": each service's limits and price, not every rule.
        : r.cues.has('catalogue') ? CATALOGUE_ATTRIBUTES : [];
  // A number read as the corrected service ID ("I meant 1215") is not also a quantity.
  const own = r.quantity !== null && !part.serviceIds.includes(String(r.quantity)) ? r.quantity : null;
  // The quantity an API error was about carries to a corrected service, not to a question about another rule.
  const limitsAsked = part.attributes.length === 0 || part.attributes.some((a) => a === 'min' || a === 'max');
  const quantity = own ?? (state.topic === 'api_error' && limitsAsked && state.collected.quantity ? Number(state.collected.quantity) : null);
  // A correction of the service in an API error keeps the error's topic ("I meant service 2305").
  if (state.topic !== 'api_error' || part.serviceIds.length === 0) plan.topic('service_info');
  plan.event({ type: 'focus_set', attributes, ...(part.serviceIds.length === 0 ? { platforms: part.platforms, kinds: part.kinds } : {}) });
  plan.act({ kind: 'service_rules', serviceIds: part.serviceIds, platforms: part.platforms, kinds: part.kinds, attributes, quantity, listDripfeed: false, apiError: null });
}

function planApi(plan: PlanBuilder): void {
  const { r, state } = plan;
  plan.topic('api_error');
  if (r.apiErrors.length === 0) {
    // "My API doesn't work": the error text is what every answer hangs on, asked for once.
    if (state.awaiting === 'api_error') return planKnowledge(plan, true);
    plan.ask({ key: 'ask-api-error' }, 'api_error');
    return;
  }
  if (state.awaiting === 'api_error') plan.touchedPending = true;
  plan.event({ type: 'focus_set', subject: r.apiErrors.join(' ') });
  for (const error of r.apiErrors) {
    const kind = liveRuleKind(error);
    // "Incorrect service ID for 3401": a lone number next to a service error is that service's ID.
    const serviceIds = r.serviceIds.length > 0 ? r.serviceIds : kind && r.bareNumber ? [r.bareNumber] : [];
    if (kind && serviceIds.length > 0) {
      const attributes = kind === 'quantity' ? ['min', 'max'] as const : kind === 'dripfeed' ? ['dripfeed'] as const : [];
      plan.event({ type: 'focus_set', attributes: [...attributes] });
      const quantity = r.quantity !== null && !serviceIds.includes(String(r.quantity)) ? r.quantity : null;
      plan.act({ kind: 'service_rules', serviceIds, platforms: [], kinds: [], attributes: [...attributes], quantity, listDripfeed: kind === 'dripfeed', apiError: kind });
    }
    if (!kind || serviceIds.length === 0) {
      plan.act({ kind: 'article', questions: [error], intent: 'api_error', subject: null, lastSection: null, whenNothing: 'person', minRelevance: 1 });
    }
  }
}

function planPayment(plan: PlanBuilder): void {
  const { r, state } = plan;
  plan.topic('payment_issue');
  const references = r.paymentReferences.length > 0 || state.collected.payment_reference !== undefined;
  if (r.cues.has('charged_twice') || !references) plan.act(articleFor(plan, false, 'silent'));
  if (references || state.awaiting === 'payment_reference') {
    // The account the payment was for, asked once; the case goes to a person either way after that.
    if (references && !hasProof(plan) && state.awaiting !== 'email') {
      plan.ask({ key: 'ask-account-payment' }, PROOF_SLOTS[0]);
      return;
    }
    if (state.awaiting === 'payment_reference' || state.awaiting === 'email') plan.touchedPending = true;
    plan.reply({ key: references ? 'handoff-payment-issue' : 'handoff-payment-without-reference' }).escalate('needs_decision');
    return;
  }
  plan.ask({ key: 'ask-payment-reference' }, 'payment_reference');
}

function planAffiliateCase(plan: PlanBuilder): void {
  plan.topic('affiliate_commission');
  if (!hasProof(plan) && plan.state.awaiting !== 'email') {
    plan.ask({ key: 'ask-account' }, PROOF_SLOTS[0]);
    return;
  }
  if (plan.state.awaiting === 'email') plan.touchedPending = true;
  plan.reply({ key: 'handoff-affiliate-commission' }).escalate('needs_decision');
}

function planKnowledge(plan: PlanBuilder, followUp: boolean): void {
  const { r, state } = plan;
  // A follow-up stays on its topic ("what does that mean?" about an order keeps the order in view).
  if (!followUp && r.intent && r.intent !== 'other' && r.intent !== 'greeting' && r.intent !== 'goodbye' && r.intent !== 'human_agent') plan.topic(r.intent);
  // Waiting for a person: an unanswered question needs no "shall I pass you on?".
  plan.act(articleFor(plan, followUp, state.handoff === 'queued' ? 'silent' : 'say'));
}

function articleFor(plan: PlanBuilder, followUp: boolean, whenNothing: 'say' | 'silent'): Extract<Action, { kind: 'article' }> {
  const { r, state } = plan;
  return {
    kind: 'article',
    questions: r.questions.length > 0 ? r.questions : [r.questions.join(' ')],
    // A follow-up the classifier calls out of scope is still about the topic ("what can I do then?").
    intent: followUp && (r.intent === null || r.intent === 'other') ? state.topic : r.intent,
    subject: followUp ? state.focus.subject : null,
    lastSection: followUp ? state.focus.section : null,
    whenNothing,
    minRelevance: 1,
  };
}

/** The pending question, asked again after a side question (or a reply that was not the answer). */
export function resumePending(plan: PlanBuilder, slot: AskedSlot, announce = true): void {
  const { state } = plan;
  if (announce) plan.reply({ key: 'resume-intake' });
  if (slot === 'order_id') plan.ask({ key: 'ask-order-id' }, slot);
  else if (slot === 'email' && state.focus.orders.length > 0 && state.topic && ORDER_TOPICS.has(state.topic)) {
    plan.ask({ key: 'ask-owner-proof', vars: { orderIds: state.focus.orders.join(', ') } }, slot);
  } else if (slot === 'email') plan.ask({ key: 'ask-account' }, slot);
  else if (slot === 'api_error') plan.ask({ key: 'ask-api-error' }, slot);
  else if (slot === 'payment_reference') plan.ask({ key: 'ask-payment-reference' }, slot);
}

/**
 * While queued for a person: `undefined` when the bot can answer the part itself (information),
 * else the line that tells the visitor the person will handle it (null: just the queue note).
 */
export function requestNeedsPerson(part: Part, r: Reading, state: ConversationState): ReplyPlan | null | undefined {
  switch (part.kind) {
    case 'knowledge':
    case 'services':
      return undefined;
    case 'orders': {
      // "When?" or a bare follow-up about a refund, refill or cancel in view is about that request.
      const inView = state.topic ? REQUEST_OF_TOPIC[state.topic] : undefined;
      const request = (part.request === 'status' || part.request === 'eta') && inView && inView !== 'eta' && inView !== 'problem' ? inView : part.request;
      if (request === 'status' || request === 'eta') return part.orderIds.length > 0 && hasProofIn(state, r) ? undefined : null;
      return request === 'refund' ? { key: 'queued-refund' } : request === 'cancel' || request === 'refill' || request === 'change' ? { key: 'queued-order-change' } : null;
    }
    case 'payment':
      return { key: 'queued-payment' };
    case 'api':
      return r.apiErrors.length > 0 ? undefined : null;
    default:
      return null;
  }
}

const hasProofIn = (state: ConversationState, r: Reading) =>
  state.verifiedUserId !== null || Object.keys(r.proof).length > 0 || PROOF_SLOTS.some((s) => state.collected[s] !== undefined);
