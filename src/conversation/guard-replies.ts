// Stage 7: every outgoing bot message passes the guard. A blocked draft is replaced by the safe
// template and reported, never sent.
import { checkReply, SAFE_REPLY_KEY, type GuardViolation } from '../guard/index.js';
import { placeholders, renderTemplate, type RenderedReply, type Template } from '../replies/templates.js';
import type { ReplyCheck } from '../workers/turn-stage-tasks.js';
import type { Draft } from './render-replies.js';

export interface GuardedReply {
  reply: RenderedReply;
  blocked?: { replyKey: string; rules: string[]; draft: string };
}

export interface ReplyGuard {
  check(drafts: readonly Draft[], context: { visitorText: string }): Promise<GuardedReply[]>;
}

/** The guard's rules over several replies at once (workers/turn-stages.ts: on a worker thread or not). */
export type CheckReplies = (replies: ReplyCheck[]) => Promise<GuardViolation[][]>;

/**
 * The templates without placeholders whose wording passes the guard with nothing but that wording
 * as facts: key → the text. Such a template renders to the same text every time, and the guard's
 * rules only ever grant permission from facts (more facts never add a violation:
 * test/unit/guard/facts-monotone.test.ts), so a draft with exactly that text, and that wording
 * among its facts, passes in any turn: it is checked once, here, instead of in every turn.
 */
export function constantSafeReplies(templates: ReadonlyMap<string, Template>): ReadonlyMap<string, string> {
  const safe = new Map<string, string>();
  for (const template of templates.values()) {
    if (placeholders(template).length > 0) continue;
    if (checkReply(template.body, { facts: [template.body] }).length === 0) safe.set(template.key, template.body);
  }
  return safe;
}

export function createReplyGuard(templates: ReadonlyMap<string, Template>, checkReplies: CheckReplies, onBlocked?: (rules: string[]) => void): ReplyGuard {
  const constantSafe = constantSafeReplies(templates);
  const checkedAtStart = ({ reply, facts, quoted }: Draft): boolean => {
    const text = constantSafe.get(reply.replyKey);
    return text === reply.text && quoted.length === 0 && facts.includes(text);
  };
  return {
    async check(drafts, { visitorText }) {
      const toCheck = drafts.filter((draft) => !checkedAtStart(draft));
      // The visitor's own words are facts too: echoing their "order 4829113" is not an invented number.
      const verdicts = toCheck.length === 0 ? [] : await checkReplies(toCheck.map(({ reply, facts, quoted }) => ({ text: reply.text, facts: [visitorText, ...facts], quoted })));
      // Fail closed: a reply without a verdict is never sent as if it had passed.
      if (verdicts.length !== toCheck.length) throw new Error(`the guard checked ${verdicts.length} of ${toCheck.length} replies`);
      let next = 0;
      return drafts.map((draft) => {
        const violations = checkedAtStart(draft) ? [] : (verdicts[next++] as GuardViolation[]);
        if (violations.length === 0) return { reply: draft.reply };
        const rules = [...new Set(violations.map((v) => v.ruleId))];
        onBlocked?.(rules);
        return { reply: renderTemplate(templates, SAFE_REPLY_KEY), blocked: { replyKey: draft.reply.replyKey, rules, draft: draft.reply.text } };
      });
    },
  };
}
