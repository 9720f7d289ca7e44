// Stage 6: turn the policy's reply plans into text. Templates first; an optional writer (an LLM)
// may rephrase, and whatever it writes still goes through the guard.
import type { ReplyPlan } from '../policy/decision.js';
import { renderTemplate, type RenderedReply, type Template } from '../replies/templates.js';
import type { ConversationState } from '../conversation/state.js';

/** A rendered reply and the facts it may draw numbers from (the guard checks against them). */
export interface Draft {
  reply: RenderedReply;
  facts: string[];
  /** Panel names the reply quotes verbatim (the guard sets them aside). */
  quoted: string[];
}

export interface RenderContext {
  visitorText: string;
  state: ConversationState;
}

export interface ReplyRenderer {
  render(replies: readonly ReplyPlan[], context: RenderContext): Promise<Draft[]>;
}

export function createTemplateRenderer(templates: ReadonlyMap<string, Template>): ReplyRenderer {
  return {
    async render(replies) {
      return replies.map((plan) => {
        // A plan's fragments (`then`) are sentences of the same message.
        const parts = [plan, ...(plan.then ?? [])];
        const rendered = parts.map((part) => renderTemplate(templates, part.key, part.vars));
        const reply = { ...rendered[0] as RenderedReply, text: rendered.map((r) => r.text).join(' ') };
        // The template's own wording is operator-written policy; its values come from data.
        const facts = parts.flatMap((part) => [templates.get(part.key)?.body ?? '', ...Object.values(part.vars ?? {}).map(String)]);
        return { reply, facts, quoted: parts.flatMap((part) => part.quoted ?? []) };
      });
    },
  };
}
