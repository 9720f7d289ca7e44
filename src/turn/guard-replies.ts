// Stage 7: every outgoing bot message passes the guard. A blocked draft is replaced by the safe
// template and reported, never sent.
import { checkReply, SAFE_REPLY_KEY, type GuardContext, type GuardRuleId, type GuardViolation } from '../guard/index.js';
import type { ReplyKey } from '../policy/reply-keys.js';
import { placeholders, renderTemplate, type RenderedReply, type Template } from '../replies/templates.js';
import { REDACTED, redact } from '../understanding/redact.js';
import type { Draft } from './render-replies.js';

export interface GuardedReply {
  reply: RenderedReply;
  /** A blocked draft as it may be stored: its rules and its text redacted (see storedDraft). */
  blocked?: { replyKey: ReplyKey; rules: string[]; draft: string };
}

/** The guard's rule for credentials in a reply: when it fired, the stored draft is checked again. */
const SECRET_RULE: GuardRuleId = 'no-secret-shaped-string';

export interface ReplyGuard {
  check(drafts: readonly Draft[], context: { visitorText: string }): GuardedReply[];
}

/** The guard's rules over one reply (guard/check.ts; tests pass one that records what it is asked). */
export type CheckReply = (text: string, context: GuardContext) => GuardViolation[];

export function createReplyGuard(templates: ReadonlyMap<string, Template>, onBlocked?: (rules: string[]) => void, checkOne: CheckReply = checkReply): ReplyGuard {
  // A template without placeholders renders to the same text in every turn, and the rules only
  // ever grant permission from facts (more facts never add a violation:
  // test/unit/guard/facts-monotone.test.ts). So each one is checked once, with nothing but its
  // own wording as facts, when the guard is made (at start, not in a visitor's first turn); a draft
  // with exactly a passing template's text, that wording among its facts and no quoted names
  // passes in any turn without paying for the rules again (most replies are such templates).
  const safe: ReadonlyMap<string, string> = new Map([...templates.values()]
    .filter((template) => placeholders(template).length === 0 && checkOne(template.body, { facts: [template.body] }).length === 0)
    .map(({ key, body }) => [key, body]));
  return {
    check(drafts, { visitorText }) {
      return drafts.map((draft): GuardedReply => {
        const { reply, facts, quoted } = draft;
        const text = safe.get(reply.replyKey);
        if (text === reply.text && quoted.length === 0 && facts.includes(text)) return { reply };
        // The visitor's own words are facts too: echoing their "order 4829113" is not an invented number.
        const violations = checkOne(reply.text, { facts: [visitorText, ...facts], quoted });
        if (violations.length === 0) return { reply };
        const rules = [...new Set(violations.map((v) => v.ruleId))];
        onBlocked?.(rules);
        return { reply: renderTemplate(templates, SAFE_REPLY_KEY), blocked: { replyKey: reply.replyKey, rules, draft: storedDraft(draft, rules, visitorText, checkOne) } };
      });
    },
  };
}

/**
 * What a `guard_blocked` event keeps of the draft it blocked (it is stored, and shown to agents in
 * the handoff packet): the text redacted like a visitor's message. When the draft was blocked for
 * a secret-shaped string, the redacted text goes through the guard again, and if the guard still
 * sees one (a shape redaction keeps, such as a 64-hex string that no fact explains), nothing of the
 * draft is kept but the marker.
 */
function storedDraft({ reply, facts, quoted }: Draft, rules: readonly string[], visitorText: string, checkOne: CheckReply): string {
  const { text } = redact(reply.text);
  if (!rules.includes(SECRET_RULE)) return text;
  const again = checkOne(text, { facts: [visitorText, ...facts], quoted });
  return again.every((v) => v.ruleId !== SECRET_RULE) ? text : REDACTED;
}
