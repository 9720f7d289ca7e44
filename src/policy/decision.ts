// What the policy wants done with a turn. Pure data: the turn carries it out.
import type { ConversationEvent, HandoffReason } from '../conversation/events.js';
import type { TemplateVars } from '../replies/templates.js';

export interface ReplyPlan {
  key: string;
  vars?: TemplateVars;
}

export type DecisionKind = 'smalltalk' | 'ask' | 'lookup' | 'answer' | 'explain' | 'escalate' | 'silent';

export interface Decision {
  kind: DecisionKind;
  /** State changes the policy makes this turn (role, topic, slots, awaiting). */
  events: ConversationEvent[];
  replies: ReplyPlan[];
  /** Set when the conversation should go to a person. */
  handoff?: { reason: HandoffReason };
}
