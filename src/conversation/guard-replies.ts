// Stage 7: every outgoing bot message passes the guard. A blocked draft is replaced by the safe
// template and reported, never sent.
import { SAFE_REPLY_KEY, type GuardViolation } from '../guard/index.js';
import { renderTemplate, type RenderedReply, type Template } from '../replies/templates.js';
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

export function createReplyGuard(templates: ReadonlyMap<string, Template>, checkReplies: CheckReplies, onBlocked?: (rules: string[]) => void): ReplyGuard {
  return {
    async check(drafts, { visitorText }) {
      // The visitor's own words are facts too: echoing their "order 4829113" is not an invented number.
      const verdicts = await checkReplies(drafts.map(({ reply, facts, quoted }) => ({ text: reply.text, facts: [visitorText, ...facts], quoted })));
      // Fail closed: a reply without a verdict is never sent as if it had passed.
      if (verdicts.length !== drafts.length) throw new Error(`the guard checked ${verdicts.length} of ${drafts.length} replies`);
      return drafts.map(({ reply }, i) => {
        const violations = verdicts[i] as GuardViolation[];
        if (violations.length === 0) return { reply };
        const rules = [...new Set(violations.map((v) => v.ruleId))];
        onBlocked?.(rules);
        return { reply: renderTemplate(templates, SAFE_REPLY_KEY), blocked: { replyKey: reply.replyKey, rules, draft: reply.text } };
      });
    },
  };
}
