// Whether a question is about an article's topic at all; only then may one of its sections answer.
// The topic is what the article's front-matter keywords name: a one-word keyword matches that word
// as the index sees it (other endings, a prefix or a typo of it included); a keyword of several
// words matches only as that phrase, so "add request" does not put "add up 8 and 7" on topic. A
// question that quotes what a section's heading quotes (an error message) is on that section's
// topic too, whatever the article's keywords.
import { termList } from './terms.js';

export interface Topic {
  /** The terms of the one-word keywords. */
  readonly words: ReadonlySet<string>;
  /** The keywords of several words, and the heading's quotes, as `asPhrase` makes them. */
  readonly phrases: readonly string[];
}

/** A text's terms joined by single spaces and padded with one, so `includes` finds whole terms in order. */
export function asPhrase(text: string): string {
  return ` ${termList(text).join(' ')} `;
}

// A quote of one word ("remains") names a thing, not a message; a message has at least two.
const MIN_QUOTE_TERMS = 2;

export function topicOf(keywords: readonly string[], heading: string): Topic {
  const words = new Set<string>();
  const phrases: string[] = [];
  for (const keyword of keywords) {
    const terms = termList(keyword);
    if (terms.length === 1 && terms[0] !== undefined) words.add(terms[0]);
    else if (terms.length > 1) phrases.push(` ${terms.join(' ')} `);
  }
  for (const [, quote = ''] of heading.matchAll(/"([^"]+)"/g)) {
    const terms = termList(quote);
    if (terms.length >= MIN_QUOTE_TERMS) phrases.push(` ${terms.join(' ')} `);
  }
  return { words, phrases };
}

/**
 * `question` as `asPhrase` makes it; `matched` is the index's match for one section: each matched
 * term and the fields it matched in, where `field` holds the article's keywords.
 */
export function isOnTopic(topic: Topic, question: string, matched: Readonly<Record<string, readonly string[]>>, field: string): boolean {
  for (const [term, fields] of Object.entries(matched)) {
    if (fields.includes(field) && topic.words.has(term)) return true;
  }
  return topic.phrases.some((p) => question.includes(p));
}
