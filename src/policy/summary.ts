// The first line an agent reads: who, what, which identifiers, and why a person is needed.
// Built from state only (facts, never a model's guess).
import type { HandoffReason } from '../conversation/events.js';
import type { ConversationState } from '../conversation/state.js';

const ROLE_WORDS: Record<ConversationState['role'], string> = {
  buyer: 'Buyer', reseller: 'Reseller', api_user: 'API user', woocommerce_seller: 'WooCommerce seller', affiliate: 'Affiliate', unknown: 'Visitor',
};

const REASON_WORDS: Record<HandoffReason, string> = {
  visitor_asked: 'asked for a person',
  needs_decision: 'needs a decision only staff can make',
  repeated_failures: 'the bot could not collect the details after repeated tries',
  ownership_lockout: 'too many failed order ownership checks',
  low_confidence: 'the bot could not understand the request',
  panel_outage: 'the panel could not be reached',
  guard_blocked: 'the bot could not answer without promising something',
  no_answer: 'the bot had no reliable answer',
};

export function summariseForHandoff(state: ConversationState, reason: HandoffReason): string {
  const topic = state.topic ?? state.intent;
  const about = topic && topic !== 'human_agent' && topic !== 'greeting' && topic !== 'goodbye' ? ` about ${topic.replace(/_/g, ' ')}` : '';
  const given = Object.entries(state.collected).map(([slot, value]) => `${slot.replace(/_/g, ' ')} ${value}`);
  const details = given.length ? ` Gave: ${given.join('; ')}.` : ' No identifiers given yet.';
  return `${ROLE_WORDS[state.role]}${about}; ${REASON_WORDS[reason]}.${details}`.slice(0, 1000);
}
