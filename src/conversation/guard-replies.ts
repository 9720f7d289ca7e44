// Stage 7: every outgoing bot message passes the guard. A blocked draft is replaced by the safe
// template and reported, never sent.
import { checkReply, SAFE_REPLY_KEY } from '../guard/index.js';
import { renderTemplate, type RenderedReply, type Template } from '../replies/templates.js';
import type { Draft } from './render-replies.js';

export interface GuardedReply {
  reply: RenderedReply;
  blocked?: { replyKey: string; rules: string[]; draft: string };
}

export interface ReplyGuard {
  check(drafts: readonly Draft[], context: { visitorText: string }): GuardedReply[];
}

export function createReplyGuard(templates: ReadonlyMap<string, Template>, onBlocked?: (rules: string[]) => void): ReplyGuard {
  return {
    check(drafts, { visitorText }) {
      return drafts.map(({ reply, facts, quoted }) => {
        const violations = checkReply(reply.text, { facts: [visitorText, ...facts], quoted });
        if (violations.length === 0) return { reply };
        const rules = [...new Set(violations.map((v) => v.ruleId))];
        onBlocked?.(rules);
        return { reply: renderTemplate(templates, SAFE_REPLY_KEY), blocked: { replyKey: reply.replyKey, rules, draft: reply.text } };
      });
    },
  };
}
