// Public surface of the guard.
export { checkReply, indexFacts } from './check.js';
export { GUARD_RULES, GUARD_RULE_IDS } from './rules.js';
export type { GuardRuleId } from './rules.js';
export { SAFE_REPLY_KEY, SAFE_REPLY_TEXT, GUARD_BLOCKED_EVENT } from './safe-reply.js';
export type { GuardContext, GuardRule, GuardViolation } from './types.js';
