// Bot text never quotes the visitor's identifiers back in full. The templates don't today (they
// quote order ids, which come from the panel facts, and never an email or a payment reference),
// but an LLM rephrasing sees the visitor's message and might; this wrapper masks, in every draft,
// any email or reference-like token that the visitor supplied and the draft's facts don't hold.
// Agents still see the full values: the handoff packet reads them from the slot events.
import type { Draft, RenderContext, ReplyRenderer } from '../turn/render-replies.js';

const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
/** A transaction id, hash or account reference: 8+ letters/digits (with - or _), at least one digit. */
const REFERENCE = /(?<![\w-])(?=[\w-]*\d)[A-Za-z0-9][\w-]{6,}[A-Za-z0-9](?![\w-])/g;

export const maskEmail = (email: string): string => {
  const at = email.lastIndexOf('@');
  return `${email.slice(0, 1)}***${email.slice(at)}`;
};
export const maskReference = (ref: string): string => `****${ref.slice(-4)}`;

/** The visitor's identifiers (this message and the collected slots) that the facts don't contain. */
function visitorIdentifiers(context: RenderContext, facts: string): { emails: Set<string>; references: Set<string> } {
  const sources = [context.visitorText, ...Object.values(context.state.collected)];
  const emails = new Set<string>();
  const references = new Set<string>();
  const inFacts = facts.toLowerCase();
  for (const source of sources) {
    for (const m of source.matchAll(EMAIL)) if (!inFacts.includes(m[0].toLowerCase())) emails.add(m[0].toLowerCase());
    for (const m of source.replace(EMAIL, ' ').matchAll(REFERENCE)) if (!inFacts.includes(m[0].toLowerCase())) references.add(m[0].toLowerCase());
  }
  return { emails, references };
}

/** `text` with the visitor's emails and references masked (case-insensitive), everything else kept. */
export function maskVisitorIdentifiers(text: string, context: RenderContext, facts: readonly string[] = []): string {
  // An email needs an @ and a reference a digit: a draft with neither has nothing to mask (most
  // replies), and the visitor's words need not be searched.
  if (!/[@0-9]/.test(text)) return text;
  const { emails, references } = visitorIdentifiers(context, facts.join('\n'));
  if (emails.size === 0 && references.size === 0) return text;
  let out = text.replace(EMAIL, (m) => (emails.has(m.toLowerCase()) ? maskEmail(m) : m));
  if (references.size > 0) out = out.replace(REFERENCE, (m) => (references.has(m.toLowerCase()) ? maskReference(m) : m));
  return out;
}

/** Wraps a renderer (templates or the LLM writer) so its drafts are masked before the guard and the store. */
export function maskingRenderer(inner: ReplyRenderer): ReplyRenderer {
  return {
    async render(replies, context) {
      const drafts = await inner.render(replies, context);
      return drafts.map((draft): Draft => {
        const text = maskVisitorIdentifiers(draft.reply.text, context, draft.facts);
        return text === draft.reply.text ? draft : { ...draft, reply: { ...draft.reply, text } };
      });
    },
  };
}
