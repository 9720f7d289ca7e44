// API errors the live service rules answer better than an article: the panel's own error strings
// (panel-api.md §3.2; protocol constants, not the visitor's language) mapped to the rule they are about.
export type LiveRuleKind = 'quantity' | 'service' | 'dripfeed';

const LIVE_RULE_ERRORS: readonly [RegExp, LiveRuleKind][] = [
  [/quantity (?:less than minimal|more than maximum|must to be greater)|(?:minimum|maximum) quantity is/i, 'quantity'],
  [/incorrect service id|service id does not exists?|invalid service id/i, 'service'],
  [/does not support dripfeed|runs is required|interval time is required/i, 'dripfeed'],
];

export function liveRuleKind(error: string): LiveRuleKind | null {
  return LIVE_RULE_ERRORS.find(([pattern]) => pattern.test(error))?.[1] ?? null;
}
