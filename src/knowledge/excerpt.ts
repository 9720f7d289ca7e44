// Picks the paragraph that shares the most search terms with the query, so an answer can quote
// the relevant part of an article instead of its introduction.
import type { Article } from './article.js';
import { termSet } from './terms.js';

export const MAX_EXCERPT_CHARS = 600;

/** Cuts at a sentence end, else a word end, so a quote never stops mid-word. */
export function clip(text: string, max = MAX_EXCERPT_CHARS): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max - 1);
  const sentence = head.lastIndexOf('. ');
  if (sentence > max / 2) return head.slice(0, sentence + 1);
  const space = head.lastIndexOf(' ');
  return `${head.slice(0, space > 0 ? space : head.length)}…`;
}

interface ParagraphTerms {
  readonly text: string;
  readonly body: ReadonlySet<string>;
  readonly heading: ReadonlySet<string>;
  /** The body's terms as a list, for the prefix test. */
  readonly bodyList: readonly string[];
}

// Articles are loaded once and never change: their paragraphs' terms are worked out at the first
// query that reads them, not at every one (stemming every paragraph was ~4% of a turn's CPU in the
// benchmark's dialogues).
const paragraphTerms = new WeakMap<Article, readonly ParagraphTerms[]>();

function termsOf(article: Article): readonly ParagraphTerms[] {
  let known = paragraphTerms.get(article);
  if (!known) {
    known = article.paragraphs.map((p) => {
      const body = termSet(p.text);
      return { text: p.text, body, heading: termSet(p.heading), bodyList: [...body] };
    });
    paragraphTerms.set(article, known);
  }
  return known;
}

export function bestExcerpt(article: Article, query: string): string {
  const wanted = termSet(query);
  let best: string | undefined;
  let bestScore = -1;
  for (const p of termsOf(article)) {
    let score = 0;
    for (const w of wanted) {
      if (p.body.has(w)) score += 1;
      else if (w.length >= 4 && p.bodyList.some((h) => h.startsWith(w))) score += 0.5;
      // The heading names what the paragraph is about, so a heading match counts extra.
      if (p.heading.has(w)) score += 1.5;
    }
    if (score > bestScore) {
      best = p.text;
      bestScore = score;
    }
  }
  return best === undefined ? '' : clip(best);
}
