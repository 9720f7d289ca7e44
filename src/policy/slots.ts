// The identifiers a conversation collects (state.collected) and the few the bot asks for, one at a
// time (state.awaiting). Event and state types use these, so a slot is never just a string.
export const SLOT_NAMES = [
  'order_id', 'email', 'link', 'account_id', 'payment_reference', 'service_id', 'api_error', 'api_request', 'referral', 'quantity',
] as const;
export type SlotName = (typeof SLOT_NAMES)[number];

/** The slots the bot asks for; an answer that does not fit is asked for again (`reask-…` replies). */
export const ASKED_SLOTS = ['order_id', 'email', 'api_error', 'payment_reference'] as const satisfies readonly SlotName[];
export type AskedSlot = (typeof ASKED_SLOTS)[number];
