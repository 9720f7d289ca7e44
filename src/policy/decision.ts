// What the policy wants done with a turn. Pure data: the turn carries it out.
import type { ConversationEvent, HandoffReason } from '../conversation/events.js';
import type { TemplateVars } from '../replies/templates.js';
import type { Intent } from '../understanding/vocabulary.js';

export interface ReplyPlan {
  key: string;
  vars?: TemplateVars;
  /** Names from panel data that the reply quotes verbatim (service names). */
  quoted?: string[];
}

export type DecisionKind = 'smalltalk' | 'ask' | 'lookup' | 'answer' | 'explain' | 'escalate' | 'silent';

/** The I/O the turn must do before it can answer (stage 5). */
export type Action =
  | { kind: 'order_lookup'; intent: Intent; orderId: string; proof: { email?: string; link?: string; accountId?: string } }
  | { kind: 'article'; intent: Intent; query: string }
  | { kind: 'service_rule'; serviceId: string };

export interface Decision {
  kind: DecisionKind;
  /** State changes the policy makes this turn (role, topic, slots, awaiting). */
  events: ConversationEvent[];
  /** Replies before the action's own. */
  replies: ReplyPlan[];
  action?: Action;
  /** Replies after the action's (e.g. resuming an intake after a side question). */
  after?: ReplyPlan[];
  /** Set when the conversation should go to a person. */
  handoff?: { reason: HandoffReason };
}
