// After an action: facts in, the replies and state changes out. Pure. Only facts reach the
// replies, and nothing here promises what a person must decide.
import type { ConversationEvent, HandoffReason } from '../conversation/events.js';
import type { ConversationState } from '../conversation/state.js';
import type { ArticleFacts, Facts, RulesStatus, ServiceFacts } from '../actions/facts.js';
import type { Action, ReplyPlan } from './decision.js';
import { composeOrder } from './compose-order.js';
import { describeTime } from './describe-time.js';
import type { Attribute } from './read.js';
import { serviceFlagReply } from './reply-keys.js';

export interface Composed {
  replies: ReplyPlan[];
  events: ConversationEvent[];
  handoff?: { reason: HandoffReason };
}

export function composeAfterAction(action: Action, facts: Facts, state: ConversationState): Composed {
  switch (facts.kind) {
    case 'article':
      return composeArticles(action, facts.articles);
    case 'services':
      return composeServices(action, facts);
    case 'order':
      return composeOrder(action.kind === 'order_lookup' ? action.request : 'status', facts, state);
  }
}

function composeArticles(action: Action, articles: readonly ArticleFacts[]): Composed {
  const whenNothing = action.kind === 'article' ? action.whenNothing : 'say';
  if (articles.length === 0) {
    if (whenNothing === 'silent') return { replies: [], events: [] };
    if (whenNothing === 'person') return { replies: [{ key: 'api-error-undocumented' }], events: [], handoff: { reason: 'no_answer' } };
    return { replies: [{ key: action.kind === 'article' && action.intent === 'other' ? 'out-of-scope' : 'kb-none' }], events: [] };
  }
  const last = articles[articles.length - 1] as ArticleFacts;
  const escalate = articles.some((a) => a.escalate);
  const undocumented: ReplyPlan[] = escalate ? [{ key: 'api-error-undocumented' }] : [];
  return {
    replies: [
      ...articles.map((a): ReplyPlan => ({ key: 'kb-answer', vars: { title: a.title, section: a.section, excerpt: a.excerpt } })),
      ...undocumented,
    ],
    events: [{ type: 'focus_set', subject: last.section === last.title ? last.title : `${last.section} ${last.title}`, section: `${last.slug}#${last.section}` }],
    ...(escalate ? { handoff: { reason: 'no_answer' as const } } : {}),
  };
}

const count = (n: number) => n.toLocaleString('en-US');
const ALL_ATTRIBUTES: readonly Attribute[] = ['min', 'price', 'refill', 'cancel', 'dripfeed'];

function composeServices(action: Action, facts: Extract<Facts, { kind: 'services' }>): Composed {
  const asked = action.kind === 'service_rules' ? action : undefined;
  const quantity = asked?.quantity ?? null;
  if (facts.rules.fetchedAt === null) return { replies: [{ key: 'rules-unavailable' }], events: [] };
  const replies: ReplyPlan[] = facts.unknownIds.map((serviceId) => ({ key: 'service-unknown', vars: { serviceId } }));
  if (facts.services.length === 0 && facts.unknownIds.length === 0) replies.push({ key: 'service-not-found' });
  const attributes = asked && asked.attributes.length > 0 ? asked.attributes : ALL_ATTRIBUTES;
  // "Incorrect service ID" for a service the panel does list: the request, not the catalogue, is wrong.
  if (asked?.apiError === 'service') {
    for (const s of facts.services) replies.push({ key: 'api-service-listed', vars: { serviceId: s.serviceId, name: s.name }, quoted: [s.name] });
  } else if (attributes.length === 1 && attributes[0] === 'speed') {
    // Pace is the same answer for every service: said once, not per service.
    replies.push({ key: 'service-speed' });
  } else {
    for (const service of facts.services) replies.push(serviceReply(service, attributes, facts.services.length === 1 ? quantity : null));
  }
  const [first] = facts.services;
  if (first && facts.alternatives.length > 0) {
    replies.push({
      key: quantity !== null && quantity < first.min ? 'service-alternatives-smaller' : 'service-alternatives-larger',
      quoted: facts.alternatives.map((s) => s.name),
      then: facts.alternatives.map((s) => ({ key: 'service-brief', vars: { name: s.name, serviceId: s.serviceId, min: count(s.min), max: count(s.max) } })),
    });
  }
  if (facts.withDripfeed.length > 0) {
    replies.push({ key: 'services-with-dripfeed', vars: { list: facts.withDripfeed.map((s) => `${s.name} (${s.serviceId})`).join(', ') }, quoted: facts.withDripfeed.map((s) => s.name) });
  }
  // Old rules, or a refresh that failed, are said as such: "not in the list" may only mean an old list.
  const age = rulesAge(facts.rules);
  if (age) replies.push(age);
  return {
    replies,
    events: first ? [{ type: 'focus_set', service: first.serviceId, subject: first.name }] : [],
  };
}

/** One service's rules in one message: its name, then a sentence per rule asked about. */
function serviceReply(service: ServiceFacts, attributes: readonly Attribute[], quantity: number | null): ReplyPlan {
  const then: ReplyPlan[] = [];
  for (const attribute of attributes) {
    if (attribute === 'min' || attribute === 'max') then.push({ key: 'service-limits', vars: { min: count(service.min), max: count(service.max) } });
    else if (attribute === 'price') then.push({ key: 'service-price', vars: { rate: service.rate, currency: service.currency ? ` ${service.currency}` : '' } });
    else if (attribute === 'speed') then.push({ key: 'service-speed' });
    else then.push({ key: serviceFlagReply(attribute, service[attribute]) });
  }
  if (quantity !== null) {
    const key = quantity < service.min ? 'service-quantity-below' : quantity > service.max ? 'service-quantity-above' : 'service-quantity-fits';
    if (!then.some((t) => t.key === 'service-limits')) then.unshift({ key: 'service-limits', vars: { min: count(service.min), max: count(service.max) } });
    then.push({ key, vars: { quantity: count(quantity) } });
  }
  return { key: 'service-name', vars: { name: service.name, serviceId: service.serviceId }, quoted: [service.name], then: dedupe(then) };
}

function dedupe(plans: ReplyPlan[]): ReplyPlan[] {
  const seen = new Set<string>();
  return plans.filter((p) => !seen.has(p.key) && seen.add(p.key));
}

function rulesAge(rules: RulesStatus): ReplyPlan | null {
  if (!rules.stale || rules.fetchedAt === null) return null;
  return { key: rules.failing ? 'rules-refresh-failed' : 'rules-stale', vars: { fetchedAt: describeTime(rules.fetchedAt) } };
}
