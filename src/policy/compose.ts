// After the action: facts in, the replies and state changes out. Pure. Only facts reach the
// replies, and nothing here promises what a person must decide.
import type { ConversationEvent, HandoffReason } from '../conversation/events.js';
import type { ConversationState } from '../conversation/state.js';
import type { Facts, ServiceFacts } from '../actions/facts.js';
import type { OrderStatus, PanelOrder } from '../panel/types.js';
import type { Intent } from '../understanding/vocabulary.js';
import type { Action, ReplyPlan } from './decision.js';
import { wantsTechnicalDetail } from './role.js';

export interface Composed {
  replies: ReplyPlan[];
  events: ConversationEvent[];
  handoff?: { reason: HandoffReason };
}

const STATUS_WORD: Record<OrderStatus, string> = {
  pending: 'Pending', in_progress: 'In progress', completed: 'Completed', partial: 'Partial', canceled: 'Canceled', unknown: 'unknown',
};

export function composeAfterAction(action: Action, facts: Facts, state: ConversationState): Composed {
  switch (facts.kind) {
    case 'article':
      return facts.article
        ? { replies: [{ key: 'kb-answer', vars: { title: facts.article.title, excerpt: facts.article.excerpt } }], events: [] }
        : { replies: [{ key: 'kb-none' }], events: [] };
    case 'service_rule':
      return facts.service
        ? { replies: [{ key: 'service-rule', vars: { description: facts.service.description }, quoted: [facts.service.name] }], events: [] }
        : { replies: [{ key: 'service-unknown', vars: { serviceId: facts.serviceId } }], events: [] };
    case 'order':
      return composeOrder(action.kind === 'order_lookup' ? action.intent : 'order_status', facts, state);
  }
}

function composeOrder(intent: Intent, facts: Extract<Facts, { kind: 'order' }>, state: ConversationState): Composed {
  const checked: ConversationEvent = {
    type: 'order_checked', orderId: facts.orderId, outcome: facts.outcome, fetchedAt: facts.fetchedAt,
    status: facts.outcome === 'shown' ? facts.order.rawStatus : null,
    remains: facts.outcome === 'shown' ? facts.order.remains : null,
    startCount: facts.outcome === 'shown' ? facts.order.startCount : null,
  };
  switch (facts.outcome) {
    case 'not_verified':
      // The same words for "not yours" and "no such order": nothing to learn from guessing. What the
      // visitor gave stays collected (an agent may need it); new values replace it.
      return {
        replies: [{ key: 'order-not-verified' }],
        events: [checked, { type: 'topic_set', intent }, { type: 'awaiting_set', slot: 'order_id' }],
      };
    case 'locked_out':
      return { replies: [{ key: 'ownership-locked' }], events: [checked], handoff: { reason: 'ownership_lockout' } };
    case 'panel_unavailable':
      if (facts.cached) {
        // Live status unreadable: the last one we heard, clearly dated, and a person to confirm it.
        return {
          replies: [{ key: 'panel-unavailable-cached', vars: { heardAt: describeTime(facts.cached.fetchedAt) } }, ...statusReplies(facts.orderId, facts.cached.order, state)],
          events: [{ ...checked, status: facts.cached.order.rawStatus, remains: facts.cached.order.remains, startCount: facts.cached.order.startCount, fetchedAt: facts.cached.fetchedAt }],
          handoff: { reason: 'panel_outage' },
        };
      }
      return { replies: [{ key: 'panel-unavailable' }], events: [checked], handoff: { reason: 'panel_outage' } };
    case 'shown': {
      const replies = [...statusReplies(facts.orderId, facts.order, state)];
      const decision = requestReplies(intent, facts.order, facts.service);
      const unknownStatus = facts.order.status === 'unknown';
      return {
        replies: [...replies, ...decision],
        events: [checked],
        ...(decision.length > 0 || unknownStatus ? { handoff: { reason: unknownStatus ? 'no_answer' as const : 'needs_decision' as const } } : {}),
      };
    }
  }
}

/** "20 Nov 2026, 10:00 UTC": a fixed, unambiguous form (replies must not depend on the server's locale). */
function describeTime(iso: string): string {
  const d = new Date(iso);
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCDate()} ${month} ${d.getUTCFullYear()}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

function statusReplies(orderId: string, order: PanelOrder, state: ConversationState): ReplyPlan[] {
  const replies: ReplyPlan[] = [{ key: `order-${order.status.replace('_', '-')}`, vars: { orderId, rawStatus: order.rawStatus } }];
  if (order.remains !== null && order.remains > 0 && (order.status === 'in_progress' || order.status === 'partial')) {
    replies.push({ key: 'order-remains', vars: { remains: order.remains } });
  }
  if (wantsTechnicalDetail(state)) {
    const shown = (v: number | string | null) => (v === null ? 'not reported' : String(v));
    replies.push({ key: 'order-detail', vars: { rawStatus: order.rawStatus, startCount: shown(order.startCount), remains: shown(order.remains), charge: shown(order.charge) } });
  }
  return replies;
}

/** Refunds, refills, cancels and problems: say what the rules say, then a person decides. */
function requestReplies(intent: Intent, order: PanelOrder, service: ServiceFacts | null): ReplyPlan[] {
  const statusWord = STATUS_WORD[order.status];
  const serviceName = service?.name ?? 'this service';
  const quoted = service ? [service.name] : [];
  return requestPlans(intent, order, service, statusWord, serviceName).map((plan) => ({ ...plan, quoted }));
}

function requestPlans(intent: Intent, order: PanelOrder, service: ServiceFacts | null, statusWord: string, serviceName: string): ReplyPlan[] {
  switch (intent) {
    case 'refund_request':
      return [{ key: order.status === 'partial' || order.status === 'canceled' ? 'refund-returned-to-balance' : 'refund-decided-by-team', vars: { statusWord } }];
    case 'refill_request':
      if (service?.refill === null || !service) return [{ key: 'refill-rules-unknown' }];
      if (!service.refill) return [{ key: 'refill-not-offered', vars: { serviceName } }];
      if (order.status !== 'completed') return [{ key: 'refill-not-completed', vars: { statusWord } }];
      return [{ key: 'refill-may-qualify', vars: { serviceName } }];
    case 'cancel_request':
      if (order.status === 'completed' || order.status === 'canceled' || order.status === 'partial') return [{ key: 'cancel-finished', vars: { statusWord } }];
      if (service?.cancel === false) return [{ key: 'cancel-not-offered', vars: { serviceName } }];
      return [{ key: service?.cancel ? 'cancel-possible' : 'cancel-rules-unknown', vars: { serviceName } }];
    case 'order_problem':
      return [{ key: 'order-problem-handoff' }];
    default:
      return [];
  }
}
