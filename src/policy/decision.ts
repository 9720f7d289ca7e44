// What the policy wants done with a turn. Pure data: the turn carries it out.
import type { ConversationEvent, HandoffReason } from '../conversation/events.js';
import type { TemplateVars } from '../replies/templates.js';
import type { Intent } from '../understanding/vocabulary.js';
import type { LiveRuleKind } from './api-errors.js';
import type { Attribute, Proof } from './read.js';
import type { ReplyKey } from './reply-keys.js';

export interface ReplyPlan {
  key: ReplyKey;
  vars?: TemplateVars;
  /** Names from panel data that the reply quotes verbatim (service names). */
  quoted?: string[];
  /** More templates rendered into the same message, after this one (a service's rules, sentence by sentence). */
  then?: ReplyPlan[];
}

export type DecisionKind = 'smalltalk' | 'ask' | 'lookup' | 'answer' | 'explain' | 'escalate' | 'silent';

/** What the visitor wants done with an order; decides what follows its status. */
export type OrderRequest = 'status' | 'problem' | 'refund' | 'refill' | 'cancel' | 'eta' | 'change';

/** Help-article questions, with the subject of the last answer for a follow-up ("and how do I avoid that?"). */
export interface ArticleQuery {
  questions: string[];
  intent: Intent | null;
  /** Searched with the question when the question alone finds nothing, or only what was just quoted. */
  subject: string | null;
  /** The section last quoted (`slug#heading`). */
  lastSection: string | null;
  /**
   * When no section answers: say so and offer a person, pass the conversation to a person (an API
   * error no article knows), or say nothing (the question came with others that are answered, or a
   * person is already on the way).
   */
  whenNothing: 'say' | 'person' | 'silent';
  /** How far over the relevance threshold a section must be (1: just relevant). */
  minRelevance: number;
}

/** The I/O the turn must do before it can answer (stage 5). */
export type Action =
  | { kind: 'order_lookup'; request: OrderRequest; orderId: string; proof: Proof }
  | ({ kind: 'article' } & ArticleQuery)
  | {
    kind: 'service_rules';
    serviceIds: string[];
    platforms: string[];
    kinds: string[];
    attributes: Attribute[];
    /** What the visitor sent or wants to order, checked against min and max. */
    quantity: number | null;
    /** Set for an API error about drip-feed: the services that allow it are listed. */
    listDripfeed: boolean;
    /** The API error this answers, when it is about a service's rules. */
    apiError: LiveRuleKind | null;
  };

/** One piece of the answer, in the order the visitor asked: a fixed reply, or an action whose facts become replies. */
export type Step = { reply: ReplyPlan } | { action: Action };

export interface Decision {
  kind: DecisionKind;
  /** State changes the policy makes this turn (role, topic, slots, focus, awaiting). */
  events: ConversationEvent[];
  steps: Step[];
  /** Set when the conversation should go to a person. */
  handoff?: { reason: HandoffReason };
}
