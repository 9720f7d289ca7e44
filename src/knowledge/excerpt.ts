// Picks the paragraph that shares the most search terms with the query, so an answer can quote
// the relevant part of an article instead of its introduction.
import type { Article } from './article.js';
import { tokenize, toTerm } from './terms.js';

export const MAX_EXCERPT_CHARS = 600;

function terms(text: string): Set<string> {
  const out = new Set<string>();
  for (const token of tokenize(text)) {
    const t = toTerm(token);
    if (t) out.add(t);
  }
  return out;
}

/** Cuts at a sentence end, else a word end, so a quote never stops mid-word. */
export function clip(text: string, max = MAX_EXCERPT_CHARS): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max - 1);
  const sentence = head.lastIndexOf('. ');
  if (sentence > max / 2) return head.slice(0, sentence + 1);
  const space = head.lastIndexOf(' ');
  return `${head.slice(0, space > 0 ? space : head.length)}…`;
}

export function bestExcerpt(article: Article, query: string): string {
  const wanted = terms(query);
  let best = article.paragraphs[0];
  let bestScore = -1;
  for (const p of article.paragraphs) {
    const have = terms(p.text);
    // The heading names what the paragraph is about, so a heading match counts extra.
    const heading = terms(p.heading);
    let score = 0;
    for (const w of wanted) {
      if (have.has(w)) score += 1;
      else if (w.length >= 4 && [...have].some((h) => h.startsWith(w))) score += 0.5;
      if (heading.has(w)) score += 1.5;
    }
    if (score > bestScore) {
      best = p;
      bestScore = score;
    }
  }
  return best ? clip(best.text) : '';
}
