// What an agent needs to pick up a conversation without asking the visitor to repeat anything
// (anchors-features §2, pain point 3). Pure: built from the folded state and the stored events,
// facts only — no model output. Identifiers are shown in full because only agents see this;
// texts were redacted before they were stored, so no secret can reach it.
import type { OrderOutcome } from '../actions/facts.js';
import type { ConversationEvent, HandoffReason } from '../conversation/events.js';
import type { ConversationState } from '../conversation/state.js';
import type { Intent, Role } from '../understanding/vocabulary.js';

/** Events as the packet reads them: stored ones carry `at`; a turn's not-yet-stored ones don't. */
export type PacketEvent = ConversationEvent & { at?: string };

export interface PanelFact {
  orderId: string;
  outcome: OrderOutcome;
  status: string | null;
  remains: number | null;
  startCount: number | null;
  fetchedAt: string;
}

export interface BotLine {
  text: string;
  at: string | null;
}

export interface BlockedDraft {
  replyKey: string;
  rules: string[];
  draft: string;
  at: string | null;
}

export interface HandoffPacket {
  reason: HandoffReason | null;
  role: Role;
  intent: Intent | null;
  /** Raw identifiers, in full: agents only. */
  identifiers: Record<string, string>;
  /** Panel facts the bot used, each with the time it was fetched (may be stale by the time you read it). */
  panelFacts: PanelFact[];
  /** The last things the bot told the visitor, oldest first. */
  botSaid: BotLine[];
  /** Drafts the guard stopped; the visitor saw the safe reply instead. */
  blockedDrafts: BlockedDraft[];
  summary: string;
  /** How the summary was made: a template over facts (a model summary would say 'model'). */
  summarySource: 'facts';
}

export const PACKET_BOT_LINES = 5;
export const PACKET_FACTS = 5;
export const PACKET_BLOCKED = 5;

/** Event types the packet reads: callers can load only these. */
export const PACKET_EVENT_TYPES = ['bot_said', 'guard_blocked', 'order_checked', 'handoff_requested'] as const satisfies readonly ConversationEvent['type'][];

export function buildHandoffPacket(state: ConversationState, events: readonly PacketEvent[]): HandoffPacket {
  return {
    reason: latestReason(events),
    role: state.role,
    intent: state.topic ?? state.intent,
    identifiers: { ...state.collected },
    panelFacts: panelFacts(events).slice(-PACKET_FACTS),
    botSaid: events.flatMap((e): BotLine[] => e.type === 'bot_said' ? [{ text: e.text, at: e.at ?? null }] : []).slice(-PACKET_BOT_LINES),
    blockedDrafts: blocked(events).slice(-PACKET_BLOCKED),
    summary: summariseForHandoff(state, events),
    summarySource: 'facts',
  };
}

const ROLE_WORDS: Record<Role, string> = {
  buyer: 'Buyer', reseller: 'Reseller', api_user: 'API user', woocommerce_seller: 'WooCommerce seller', affiliate: 'Affiliate', unknown: 'Visitor',
};

const SLOT_WORDS: Record<string, string> = {
  order_id: 'order', email: 'email', link: 'link', payment_reference: 'payment reference', service_id: 'service',
  account_id: 'account', api_error: 'API error', api_request: 'API request', referral: 'referral',
};

const OUTCOME_WORDS: Record<PanelFact['outcome'], string> = {
  shown: 'bot showed the order status',
  not_verified: 'bot could not verify ownership',
  locked_out: 'ownership checks are locked after repeated failures',
  panel_unavailable: 'the panel did not answer',
  not_on_panel: 'the panel has no such order although the shop recorded it',
  ownership_unavailable: "the shop's ownership check did not answer, so ownership was not checked",
};

const REASON_WORDS: Record<HandoffReason, string> = {
  visitor_asked: 'asked for a person',
  needs_decision: 'needs a decision only staff can make',
  repeated_failures: 'details could not be collected after repeated tries',
  ownership_lockout: 'locked out of order checks',
  low_confidence: 'the bot could not understand the request',
  panel_outage: 'the panel could not be reached',
  guard_blocked: 'the bot could not answer without promising something',
  no_answer: 'the bot had no reliable answer',
  security_incident: 'possible account takeover or leaked API key: urgent',
};

/**
 * One sentence an agent reads first, e.g. "Buyer asking about order status; gave order 4829113
 * and email m@x.com; bot could not verify ownership; asked for a person." Built from facts only.
 */
export function summariseForHandoff(state: ConversationState, events: readonly PacketEvent[]): string {
  const topic = state.topic ?? state.intent;
  const about = topic && topic !== 'human_agent' && topic !== 'greeting' && topic !== 'goodbye' && topic !== 'other'
    ? ` asking about ${words(topic)}` : '';
  const parts = [`${ROLE_WORDS[state.role]}${about}`];

  const given = Object.entries(state.collected).map(([slot, value]) => `${SLOT_WORDS[slot] ?? words(slot)} ${value}`);
  parts.push(given.length ? `gave ${joinWords(given)}` : 'no identifiers given');

  const lastCheck = panelFacts(events).at(-1);
  if (lastCheck) {
    const status = lastCheck.outcome === 'shown' && lastCheck.status ? ` (${lastCheck.status})` : '';
    parts.push(`${OUTCOME_WORDS[lastCheck.outcome]}${status} for order ${lastCheck.orderId}`);
  }
  const blockedCount = blocked(events).length;
  if (blockedCount) parts.push(`guard blocked ${blockedCount} bot draft${blockedCount === 1 ? '' : 's'}`);

  const reason = latestReason(events);
  if (reason) parts.push(REASON_WORDS[reason]);
  return `${parts.join('; ')}.`.slice(0, 1000);
}

function panelFacts(events: readonly PacketEvent[]): PanelFact[] {
  return events.flatMap((e): PanelFact[] => e.type === 'order_checked'
    ? [{ orderId: e.orderId, outcome: e.outcome, status: e.status ?? null, remains: e.remains ?? null, startCount: e.startCount ?? null, fetchedAt: e.fetchedAt }]
    : []);
}

function blocked(events: readonly PacketEvent[]): BlockedDraft[] {
  return events.flatMap((e): BlockedDraft[] => e.type === 'guard_blocked'
    ? [{ replyKey: e.replyKey, rules: [...e.rules], draft: e.draft, at: e.at ?? null }]
    : []);
}

function latestReason(events: readonly PacketEvent[]): HandoffReason | null {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e?.type === 'handoff_requested') return e.reason;
  }
  return null;
}

const words = (snake: string) => snake.replace(/_/g, ' ');

function joinWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
