// A conversation is an append-only list of these. State is a fold over them (state.ts); nothing
// else changes a conversation. Texts here are already redacted.
import type { OrderOutcome } from '../actions/facts.js';
import type { Attribute } from '../policy/read.js';
import type { ReplyKey } from '../policy/reply-keys.js';
import type { AskedSlot, SlotName } from '../policy/slots.js';
import type { Entities, Intent, Role, SecretType } from '../understanding/vocabulary.js';

export const HANDOFF_REASONS = [
  'visitor_asked', 'needs_decision', 'repeated_failures', 'ownership_lockout', 'low_confidence',
  'panel_outage', 'guard_blocked', 'no_answer', 'security_incident',
] as const;
export type HandoffReason = (typeof HANDOFF_REASONS)[number];

interface MessageFields {
  messageId: string;
  text: string;
}

export type ConversationEvent =
  /** `verifiedUserId`: the host site's user, verified by its identity hash when the conversation opened. */
  | { type: 'conversation_started'; locale: string; page: string | null; verifiedUserId: string | null }
  | ({ type: 'user_said'; clientMessageId: string | null; secrets: SecretType[] } & MessageFields)
  | { type: 'message_understood'; messageId: string; role: Role; roleConfidence: number; intent: Intent; confidence: number; entities: Entities }
  | { type: 'role_set'; role: Role; confidence: number }
  | { type: 'topic_set'; intent: Intent | null }
  | { type: 'slot_set'; slot: SlotName; value: string }
  | { type: 'slot_rejected'; slot: AskedSlot }
  | { type: 'order_checked'; orderId: string; outcome: OrderOutcome; status: string | null; remains: number | null; startCount: number | null; fetchedAt: string; serviceId?: string | null }
  | { type: 'awaiting_set'; slot: AskedSlot | null }
  /** What the conversation is about now, for follow-ups ("and can I cancel it?"); a field left out is unchanged. */
  | ({ type: 'focus_set' } & Partial<Focus>)
  | ({ type: 'bot_said'; replyKey: ReplyKey; quickReplies: string[]; inReplyTo: string | null } & MessageFields)
  | { type: 'guard_blocked'; replyKey: ReplyKey; rules: string[]; draft: string; topic: Intent | null }
  | ({ type: 'system_said' } & MessageFields)
  /**
   * `agent`: the login name (who said it, for the record). `shownAs`: the name the visitor saw then
   * (its display name, else the login), kept so a later rename does not rewrite the transcript;
   * absent from events written before display names, whose visitors saw the login name.
   */
  | ({ type: 'agent_said'; agent: string; shownAs?: string } & MessageFields)
  | { type: 'handoff_requested'; handoffId: string; reason: HandoffReason; summary: string }
  | { type: 'handoff_claimed'; handoffId: string; agent: string }
  | { type: 'handoff_resolved'; handoffId: string; agent: string | null; note: string | null }
  | { type: 'handoff_expired'; handoffId: string }
  | { type: 'handoff_cancelled'; handoffId: string }
  /** Still queued after HANDOFF_NOTIFY_AFTER_MINUTES: recorded once, then the shop's alert endpoint is told (handoff/overdue.ts). */
  | { type: 'handoff_overdue'; handoffId: string; afterMinutes: number };

/** The objects a follow-up refers to. */
export interface Focus {
  /** The orders last asked about (their ownership is checked at every lookup). */
  orders: string[];
  /** The service last described. */
  service: string | null;
  /** The service rules last asked for ("min", "refill"…), reused by "and YouTube views?". */
  attributes: Attribute[];
  /** The platforms and kinds the last service question named, completed by "and for Instagram?". */
  platforms: string[];
  kinds: string[];
  /** Words naming the last answer's subject (an error text, a status, an article section), for follow-up searches. */
  subject: string | null;
  /** The help-article section last quoted (`slug#heading`), so a follow-up does not quote it again. */
  section: string | null;
  /** Each order's status and remains as last shown, so a follow-up does not repeat an unchanged status. */
  shown: Record<string, string>;
}

export type ConversationEventType = ConversationEvent['type'];

/** An event as stored: its position in the conversation and when it happened. */
export type StoredEvent = ConversationEvent & { seq: number; at: string };
