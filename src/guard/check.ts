// The guard's entry point: run every rule on one outgoing text. Pure; the caller decides what a
// violation leads to (safe reply + `guard_blocked` event + metric, see safe-reply.ts).
import { canonicalForm, visibleText } from './normalise.js';
import { factNumbers } from './numbers.js';
import { GUARD_RULES } from './rules.js';
import type { FactIndex, GuardContext, GuardRule, GuardViolation } from './types.js';

// Replies are capped upstream; this bound keeps the guard's cost flat even if a caller forgets.
const MAX_CHECKED_CHARS = 8_000;

export function indexFacts(facts: readonly string[]): FactIndex {
  return { numbers: factNumbers(facts), text: visibleText(facts.join('\n')).toLowerCase() };
}

/** Quoted names become a neutral word, so "[Refill 30d]" in a service name is not read as a deadline. */
function setAside(text: string, quoted: readonly string[]): string {
  let result = text;
  for (const name of quoted) {
    const normalised = visibleText(name).trim();
    if (normalised.length >= 3) result = result.split(normalised).join('the service');
  }
  return result;
}

/** Violations of `rules` (default: all) in `text`; an empty list means the text may be sent. */
export function checkReply(text: string, context: GuardContext, rules: readonly GuardRule[] = GUARD_RULES): GuardViolation[] {
  if (text.length > MAX_CHECKED_CHARS) return [{ ruleId: 'reply-too-long', evidence: `${text.length} chars` }];
  // One normalisation before every rule (normalise.ts): `raw` is what the visitor sees, `text` its
  // canonical form for the commitment rules.
  const raw = setAside(visibleText(text), context.quoted ?? []);
  const input = { raw, text: canonicalForm(raw), facts: indexFacts(context.facts) };
  const violations: GuardViolation[] = [];
  for (const rule of rules) {
    // Several phrasings can match the same words; one violation per distinct excerpt is enough.
    for (const evidence of new Set(rule.test(input))) violations.push({ ruleId: rule.id, evidence });
  }
  return violations;
}
