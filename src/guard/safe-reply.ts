// What the caller sends instead of a blocked reply. The text itself passes the guard (tested), has
// no number and promises nothing: it says what happens next and offers a person.

/** Reply-template key for the replacement text (for the replies catalogue and the event log). */
export const SAFE_REPLY_KEY = 'guard-safe-reply';

/** Event type the caller records when it replaces a reply. */
export const GUARD_BLOCKED_EVENT = 'guard_blocked';

export const SAFE_REPLY_TEXT =
  "I can't confirm that here. Refunds, refills, cancellations, payouts and delivery times are decided by our team under the shop's rules. I can pass your details to a person who can check your case.";
