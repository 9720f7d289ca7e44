// An order's facts → what the visitor reads: its status in the panel's own words and numbers, then
// what the rules say about the request (refund, refill, cancel, pace, a change), and whether a
// person must take it. A person is brought in when the facts say something needs a decision or is
// wrong, not for an order that is simply progressing.
import type { Facts, ServiceFacts } from '../actions/facts.js';
import type { ConversationEvent, HandoffReason } from '../conversation/events.js';
import type { ConversationState } from '../conversation/state.js';
import type { OrderStatus, PanelOrder } from '../panel/types.js';
import type { Composed } from './compose.js';
import { describeTime } from './describe-time.js';
import type { OrderRequest, ReplyPlan } from './decision.js';
import { ORDER_STATUS_REPLIES, type ReplyKey } from './reply-keys.js';
import { wantsTechnicalDetail } from './role.js';

type OrderFacts = Extract<Facts, { kind: 'order' }>;

const count = (n: number) => n.toLocaleString('en-US');
/** Requests whose answer stands on its own after the status was shown. */
const FOLLOW_UP_REQUESTS: ReadonlySet<OrderRequest> = new Set(['refund', 'refill', 'cancel', 'change', 'eta']);
/** Statuses whose delivery is over: nothing left to stop, pace no longer matters. */
const FINISHED: ReadonlySet<OrderStatus> = new Set(['completed', 'partial', 'canceled']);

export function composeOrder(request: OrderRequest, facts: OrderFacts, state: ConversationState): Composed {
  const checked: ConversationEvent = {
    type: 'order_checked', orderId: facts.orderId, outcome: facts.outcome, fetchedAt: facts.fetchedAt,
    status: facts.outcome === 'shown' ? facts.order.rawStatus : null,
    remains: facts.outcome === 'shown' ? facts.order.remains : null,
    startCount: facts.outcome === 'shown' ? facts.order.startCount : null,
    ...(facts.outcome === 'shown' ? { serviceId: facts.service?.serviceId ?? null } : {}),
  };
  switch (facts.outcome) {
    case 'not_verified':
      // The same words for "not yours" and "no such order": nothing to learn from guessing. The
      // order ID and the proof stay collected: a corrected email or ID is checked again.
      return { replies: [{ key: 'order-not-verified', vars: { orderId: facts.orderId } }], events: [checked, { type: 'awaiting_set', slot: 'email' }] };
    case 'locked_out':
      return { replies: [{ key: 'ownership-locked' }], events: [checked], handoff: { reason: 'ownership_lockout' } };
    case 'ownership_unavailable':
      // The shop's ownership endpoint did not answer: the order system is out of reach for this
      // visitor as surely as in a panel outage, and a person checks instead of guessing.
      return { replies: [{ key: 'panel-unavailable' }], events: [checked], handoff: { reason: 'panel_outage' } };
    case 'not_on_panel':
      return { replies: [{ key: 'order-not-on-panel', vars: { orderId: facts.orderId } }], events: [checked], handoff: { reason: 'no_answer' } };
    case 'panel_unavailable':
      if (facts.cached) {
        // Live status unreadable: the last one we heard, clearly dated, and a person to confirm it.
        return {
          replies: [{ key: 'panel-unavailable-cached', vars: { heardAt: describeTime(facts.cached.fetchedAt) } }, statusReply(facts.orderId, facts.cached.order, null)],
          events: [{ ...checked, status: facts.cached.order.rawStatus, remains: facts.cached.order.remains, startCount: facts.cached.order.startCount, fetchedAt: facts.cached.fetchedAt }],
          handoff: { reason: 'panel_outage' },
        };
      }
      return { replies: [{ key: 'panel-unavailable' }], events: [checked], handoff: { reason: 'panel_outage' } };
    case 'shown': {
      const { order, service, quantity } = facts;
      // A follow-up request about an order whose status was just shown, unchanged, skips the status.
      const seen = `${order.rawStatus}|${order.remains ?? ''}`;
      const repeat = state.focus.shown[facts.orderId] === seen && FOLLOW_UP_REQUESTS.has(request);
      const after: RequestOutcome = facts.stalled && request === 'problem' ? { replies: [{ key: 'order-stalled-handoff' }], handoff: 'needs_decision' } : requestReplies(request, order, service, !repeat);
      const status = repeat ? [] : [statusReply(facts.orderId, order, quantity), ...(wantsTechnicalDetail(state) ? [detailReply(order)] : [])];
      const handoff = order.status === 'unknown' ? 'no_answer' as const : after.handoff;
      return {
        replies: [...status, ...after.replies],
        events: [checked, { type: 'focus_set', subject: order.rawStatus, shown: { ...state.focus.shown, [facts.orderId]: seen } }],
        ...(handoff ? { handoff: { reason: handoff } } : {}),
      };
    }
  }
}

/** The status line: the panel's own label, and what its numbers mean for this status. */
function statusReply(orderId: string, order: PanelOrder, quantity: number | null): ReplyPlan {
  const rawKey = order.rawStatus.toLowerCase().replace(/[\s_-]+/g, '-');
  // Panels say "Processing" or "Refunded" where the normalised status is Pending or Canceled: each has its own words.
  const key: ReplyKey = rawKey === 'processing' ? 'order-processing' : rawKey === 'refunded' ? 'order-refunded' : ORDER_STATUS_REPLIES[order.status];
  const vars = { orderId, label: order.rawStatus };
  const then: ReplyPlan[] = [];
  const remains = order.remains;
  if (order.status === 'in_progress' || order.status === 'partial') {
    if (remains !== null && quantity !== null && remains <= quantity) {
      then.push({ key: `order-${order.status === 'partial' ? 'partial' : 'progress'}-count`, vars: { delivered: count(quantity - remains), quantity: count(quantity), remains: count(remains) } });
    } else if (remains !== null && remains > 0) {
      then.push({ key: order.status === 'partial' ? 'order-partial-remains' : 'order-remains', vars: { remains: count(remains) } });
    }
  }
  if (order.status === 'partial') then.push(order.charge === null ? { key: 'order-partial-balance' } : { key: 'order-partial-charge', vars: { charge: `${order.charge}${order.currency ? ` ${order.currency}` : ''}` } });
  if (order.status === 'completed' && order.overDelivered) then.push({ key: 'order-over-delivered', vars: { extra: count(order.overDelivered) } });
  return { key, vars, then };
}

function detailReply(order: PanelOrder): ReplyPlan {
  const shown = (v: number | string | null) => (v === null ? 'not reported' : String(v));
  return { key: 'order-detail', vars: { rawStatus: order.rawStatus, startCount: shown(order.startCount), remains: shown(order.remains), charge: shown(order.charge) } };
}

interface RequestOutcome {
  replies: ReplyPlan[];
  handoff?: HandoffReason;
}

/** Refunds, refills, cancels, changes, problems and pace: what the rules say, and who decides. */
/** `statusShown`: the status line is in the same answer (a Partial order's balance rule is said there already). */
function requestReplies(request: OrderRequest, order: PanelOrder, service: ServiceFacts | null, statusShown: boolean): RequestOutcome {
  const vars = { label: order.rawStatus, serviceName: service?.name ?? '' };
  const quoted = service ? [service.name] : [];
  const reply = (key: ReplyKey): ReplyPlan => ({ key, vars, quoted });
  const finished = FINISHED.has(order.status);
  switch (request) {
    case 'status':
      return { replies: [] };
    case 'eta':
      return { replies: finished ? [] : [reply('order-eta')] };
    case 'problem':
      if (order.status === 'partial' || order.status === 'canceled') return { replies: [reply('order-problem-handoff')], handoff: 'needs_decision' };
      if (order.status === 'completed') return order.overDelivered ? { replies: [] } : { replies: [reply('order-problem-handoff')], handoff: 'needs_decision' };
      if (order.status === 'in_progress') return { replies: [reply('order-progressing')] };
      // "Processing" already says why an order waits.
      return { replies: order.rawStatus.toLowerCase() === 'processing' ? [] : [reply('order-not-started')] };
    case 'change':
      return { replies: [reply(finished ? 'change-finished' : 'order-change-handoff')], ...(finished ? {} : { handoff: 'needs_decision' as const }) };
    case 'refund':
      if (order.status !== 'partial' && order.status !== 'canceled') return { replies: [reply('refund-decided-by-team')], handoff: 'needs_decision' };
      return { replies: [reply(statusShown ? 'refund-beyond-balance' : 'refund-returned-to-balance')], handoff: 'needs_decision' };
    case 'refill':
      if (!service || service.refill === null) return { replies: [reply('refill-rules-unknown')], handoff: 'needs_decision' };
      if (!service.refill) return { replies: [reply('refill-not-offered')] };
      if (order.status !== 'completed') return { replies: [reply('refill-after-completion')] };
      return { replies: [reply('refill-may-qualify')], handoff: 'needs_decision' };
    case 'cancel':
      if (finished) return { replies: [reply('cancel-finished')] };
      if (!service || service.cancel === null) return { replies: [reply('cancel-rules-unknown')], handoff: 'needs_decision' };
      if (!service.cancel) return { replies: [reply('cancel-not-offered')] };
      return { replies: [reply('cancel-possible')], handoff: 'needs_decision' };
  }
}
