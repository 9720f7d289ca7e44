// Stage 6: turn the policy's reply plans into text. Templates first; an optional writer (an LLM)
// may rephrase, and whatever it writes still goes through the guard.
import type { Decision } from '../policy/decision.js';
import { renderTemplate, type RenderedReply, type Template } from '../replies/templates.js';
import type { ConversationState } from './state.js';

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
  render(decision: Decision, context: RenderContext): Promise<Draft[]>;
}

export function createTemplateRenderer(templates: ReadonlyMap<string, Template>): ReplyRenderer {
  return {
    async render(decision) {
      return decision.replies.map((plan) => {
        const reply = renderTemplate(templates, plan.key, plan.vars);
        // The template's own wording is operator-written policy; its values come from data.
        const facts = [templates.get(plan.key)?.body ?? '', ...Object.values(plan.vars ?? {}).map(String)];
        return { reply, facts, quoted: plan.quoted ?? [] };
      });
    },
  };
}
