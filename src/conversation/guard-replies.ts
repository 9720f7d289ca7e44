// Stage 7: every outgoing bot message passes the guard. A blocked draft is replaced by the safe
// template and reported, never sent.
import { SAFE_REPLY_KEY, type GuardRuleId, type GuardViolation } from '../guard/index.js';
import { placeholders, renderTemplate, type RenderedReply, type Template } from '../replies/templates.js';
import { REDACTED, redact } from '../understanding/redact.js';
import type { ReplyCheck } from '../workers/turn-stage-tasks.js';
import type { Draft } from './render-replies.js';

export interface GuardedReply {
  reply: RenderedReply;
  /** A blocked draft as it may be stored: its rules and its text redacted (see storedDraft). */
  blocked?: { replyKey: string; rules: string[]; draft: string };
}

/** The guard's rule for credentials in a reply: when it fired, the stored draft is checked again. */
const SECRET_RULE: GuardRuleId = 'no-secret-shaped-string';

export interface ReplyGuard {
  check(drafts: readonly Draft[], context: { visitorText: string }): Promise<GuardedReply[]>;
  /** Settles once the constant templates have been checked (until then, every reply is checked in its turn). */
  prepared: Promise<void>;
}

/** The guard's rules over several replies at once (workers/turn-stages.ts: on a worker thread or not). */
export type CheckReplies = (replies: ReplyCheck[]) => Promise<GuardViolation[][]>;

export function createReplyGuard(templates: ReadonlyMap<string, Template>, checkReplies: CheckReplies, onBlocked?: (rules: string[]) => void): ReplyGuard {
  // A template without placeholders renders to the same text in every turn, and the rules only
  // ever grant permission from facts (more facts never add a violation:
  // test/unit/guard/facts-monotone.test.ts). So each one is checked once, at start, with nothing
  // but its own wording as facts, by the same checker as the turns (on the worker thread: the
  // rules' first run compiles their patterns, ~0.25 s). A draft with exactly a passing template's
  // text, that wording among its facts and no quoted names passes in any turn.
  let constantSafe: ReadonlyMap<string, string> = new Map();
  const constants = [...templates.values()].filter((template) => placeholders(template).length === 0);
  const prepared = checkReplies(constants.map(({ body }) => ({ text: body, facts: [body], quoted: [] }))).then((verdicts) => {
    if (verdicts.length !== constants.length) return; // fail closed: nothing counts as checked
    constantSafe = new Map(constants.filter((_, i) => verdicts[i]?.length === 0).map(({ key, body }) => [key, body]));
  }, () => undefined); // a worker that could not answer: every reply is simply checked in its turn
  const checkedAtStart = ({ reply, facts, quoted }: Draft): boolean => {
    const text = constantSafe.get(reply.replyKey);
    return text === reply.text && quoted.length === 0 && facts.includes(text);
  };
  return {
    prepared,
    async check(drafts, { visitorText }) {
      // Decided once, before the wait: the start-up verdicts may arrive during it.
      const atStart = drafts.map(checkedAtStart);
      const toCheck = drafts.filter((_, i) => !atStart[i]);
      // The visitor's own words are facts too: echoing their "order 4829113" is not an invented number.
      const verdicts = toCheck.length === 0 ? [] : await checkReplies(toCheck.map(({ reply, facts, quoted }) => ({ text: reply.text, facts: [visitorText, ...facts], quoted })));
      // Fail closed: a reply without a verdict is never sent as if it had passed.
      if (verdicts.length !== toCheck.length) throw new Error(`the guard checked ${verdicts.length} of ${toCheck.length} replies`);
      let next = 0;
      return Promise.all(drafts.map(async (draft, i): Promise<GuardedReply> => {
        const violations = atStart[i] ? [] : (verdicts[next++] as GuardViolation[]);
        if (violations.length === 0) return { reply: draft.reply };
        const rules = [...new Set(violations.map((v) => v.ruleId))];
        onBlocked?.(rules);
        const stored = await storedDraft(draft, rules, visitorText, checkReplies);
        return { reply: renderTemplate(templates, SAFE_REPLY_KEY), blocked: { replyKey: draft.reply.replyKey, rules, draft: stored } };
      }));
    },
  };
}

/**
 * What a `guard_blocked` event keeps of the draft it blocked (it is stored, and shown to agents in
 * the handoff packet): the text redacted like a visitor's message. When the draft was blocked for
 * a secret-shaped string, the redacted text goes through the guard again, and if the guard still
 * sees one (a shape redaction keeps, such as a 64-hex string that no fact explains), nothing of the
 * draft is kept but the marker. A checker that fails keeps nothing either.
 */
async function storedDraft({ reply, facts, quoted }: Draft, rules: readonly string[], visitorText: string, checkReplies: CheckReplies): Promise<string> {
  const { text } = redact(reply.text);
  if (!rules.includes(SECRET_RULE)) return text;
  try {
    const [again] = await checkReplies([{ text, facts: [visitorText, ...facts], quoted }]);
    return again !== undefined && again.every((v) => v.ruleId !== SECRET_RULE) ? text : REDACTED;
  } catch {
    return REDACTED;
  }
}
