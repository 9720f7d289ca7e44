// What each intent needs before the bot can act, as data. A requirement is one slot, or one of
// several alternatives ("your email or the link"); they are asked one at a time, in order.
import type { Intent } from '../understanding/vocabulary.js';
import type { SlotName } from './slots.js';

export type Requirement = readonly [SlotName, ...SlotName[]];

/** What happens when everything is collected. */
export type Outcome =
  | 'order_lookup'     // verify ownership, read the panel, answer within the rules
  | 'article'          // answer from the help articles
  | 'service_rule'     // quote the live service rules
  | 'handoff';         // collect, explain, and pass to a person with the packet

export interface IntakePlan {
  needs: readonly Requirement[];
  outcome: Outcome;
  /** For order outcomes: after the status, the request that only a person may decide. */
  decidedByPerson?: boolean;
}

const OWNER_PROOF: Requirement = ['email', 'link', 'account_id'];
const ACCOUNT: Requirement = ['email', 'account_id'];

export const INTAKE: Partial<Readonly<Record<Intent, IntakePlan>>> = {
  order_status: { needs: [['order_id'], OWNER_PROOF], outcome: 'order_lookup' },
  order_problem: { needs: [['order_id'], OWNER_PROOF], outcome: 'order_lookup', decidedByPerson: true },
  refund_request: { needs: [['order_id'], OWNER_PROOF], outcome: 'order_lookup', decidedByPerson: true },
  refill_request: { needs: [['order_id'], OWNER_PROOF], outcome: 'order_lookup', decidedByPerson: true },
  cancel_request: { needs: [['order_id'], OWNER_PROOF], outcome: 'order_lookup', decidedByPerson: true },
  delivery_time: { needs: [], outcome: 'article' },
  payment_issue: { needs: [['payment_reference'], ['payment_details'], ACCOUNT], outcome: 'handoff' },
  api_error: { needs: [['api_error'], ['api_request'], ['api_when']], outcome: 'article' },
  api_key: { needs: [], outcome: 'article' },
  integration_help: { needs: [['platform'], ['problem_details']], outcome: 'article' },
  affiliate_commission: { needs: [['referral'], ACCOUNT, ['period']], outcome: 'handoff' },
  service_info: { needs: [], outcome: 'service_rule' },
  account_access: { needs: [ACCOUNT], outcome: 'article' },
};

/** Intents that start an intake (the actionable ones). */
export const isTopic = (intent: Intent): boolean => intent in INTAKE;

/** The reply that asks for a requirement: alternatives get one question naming them all. */
export function askFor(requirement: Requirement, slots: Readonly<Record<SlotName, { ask: string }>>): string {
  if (requirement.length === 1) return slots[requirement[0]].ask;
  return requirement.includes('link') ? 'ask-owner-proof' : 'ask-account';
}

/** The first requirement not yet met by what has been collected. */
export function nextMissing(plan: IntakePlan, collected: Readonly<Record<string, string>>, identityVerified = false): Requirement | undefined {
  // A visitor the host site vouched for has already proved who they are: no account or owner proof.
  const met = (alternatives: Requirement) =>
    alternatives.some((slot) => collected[slot] !== undefined) || (identityVerified && alternatives.includes('account_id'));
  return plan.needs.find((alternatives) => !met(alternatives));
}
