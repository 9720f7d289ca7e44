// BM25 retrieval over the sections of the help articles, with minisearch. A hit is one section:
// what an answer quotes must be about the question, not the article's opening. Headings and
// section keywords weigh most because they name what a section answers (an error section's
// heading quotes the error). A section may answer only when the question is on its article's topic
// (topic.ts) and its relevance reaches the threshold; otherwise we return nothing, so the caller
// says it does not know and offers a person instead of stretching an unrelated section. The
// visitor's intent and role are boosts: they reorder the sections that may answer, and never lift
// one over the threshold.
import MiniSearch from 'minisearch';
import type { Article } from './article.js';
import { excerptOf } from './excerpt.js';
import { termSet, tokenize, toTerm } from './terms.js';
import { asPhrase, isOnTopic, topicOf, type Topic } from './topic.js';

export interface KnowledgeHit {
  readonly slug: string;
  readonly title: string;
  /** The section's heading (the article's title for its introduction). */
  readonly section: string;
  /** The section's text: whole paragraphs, clipped at a sentence end to at most MAX_EXCERPT_CHARS. */
  readonly excerpt: string;
  /** Relevance × boost, the order of the ranking. */
  readonly score: number;
}

export interface SearchOptions {
  /** Boost: sections of articles tagged with this intent rank higher; nothing is left out. */
  readonly intent?: string;
  /** Boost: sections of articles written for this role rank higher; nothing is left out. */
  readonly role?: string;
}

export interface RankedSection {
  readonly slug: string;
  readonly title: string;
  readonly section: string;
  /**
   * The section's BM25 score (minisearch's, which multiplies the sum by the number of question
   * terms that matched) divided by the number of terms the question asks with (askedTerms): a long
   * question that shares a few common words with a section scores low. Compared with the threshold,
   * before boosts.
   */
  readonly relevance: number;
  /** The product of the intent and role boosts that apply (1 when none does). */
  readonly boost: number;
  readonly score: number;
  /** Whether the question is on the article's topic, or quotes what the heading quotes (topic.ts). */
  readonly onTopic: boolean;
  /** Whether the section may be given as an answer: on topic, and the relevance reaches the threshold. */
  readonly passes: boolean;
  /** Each matched term (as indexed: lower case, stemmed) and the fields it matched in. */
  readonly matches: Readonly<Record<string, readonly string[]>>;
  /** What an answer with this section quotes, as in KnowledgeHit. */
  readonly excerpt: string;
}

export interface KnowledgeBase {
  /** The best section whose relevance reaches the threshold, or null. */
  search(query: string, opts?: SearchOptions): KnowledgeHit | null;
  /** The `limit` best-scoring sections, passing or not, best first: why a question finds what it finds. */
  explain(query: string, opts?: SearchOptions, limit?: number): readonly RankedSection[];
  articles(): readonly Article[];
  readonly threshold: number;
}

interface IndexedSection {
  readonly id: number;
  readonly heading: string;
  readonly keywords: string;
  readonly title: string;
  readonly topic: string;
  readonly body: string;
}

interface Entry {
  readonly article: Article;
  readonly section: string;
  readonly excerpt: string;
  readonly topic: Topic;
}

/**
 * Tuned on the questions in test/unit/knowledge (the weakest right answer scores about 70) and on
 * CLINC150's questions outside banking and cards (about 0.6% of them find an on-topic section above it).
 */
export const SCORE_THRESHOLD = 40;
const INTENT_BOOST = 1.4;
const ROLE_BOOST = 1.15;
// `topic` holds the article's front-matter keywords, shared by all of its sections.
const FIELD_BOOST = { heading: 5, keywords: 4, title: 1.5, topic: 1.5, body: 1 } as const;
const FIELDS = ['heading', 'keywords', 'title', 'topic', 'body'] as const;
const MAX_QUERY_CHARS = 500;

// An email address is an identifier, not words of the question.
const EMAIL = /[^\s@]+@[^\s@]+\.[^\s@]+/g;

/**
 * How many terms the question asks with: its distinct terms, less those of email addresses and
 * those with a digit that no article knows (order IDs, amounts, transaction references), which
 * could never match and would only dilute a long message that carries them.
 */
function askedTerms(text: string, vocabulary: ReadonlySet<string>): number {
  const terms = [...termSet(text.replace(EMAIL, ' '))].filter((t) => !/\d/.test(t) || vocabulary.has(t));
  return Math.max(1, terms.length);
}

function boostFor(article: Article, opts: SearchOptions): number {
  const intent = opts.intent !== undefined && (article.intents as readonly string[]).includes(opts.intent);
  const role = opts.role !== undefined && (article.roles as readonly string[]).includes(opts.role);
  return (intent ? INTENT_BOOST : 1) * (role ? ROLE_BOOST : 1);
}

export function createKnowledgeBase(articles: readonly Article[], threshold = SCORE_THRESHOLD): KnowledgeBase {
  const entries: Entry[] = [];
  const docs: IndexedSection[] = [];
  for (const article of articles) {
    for (const s of article.sections) {
      docs.push({
        id: entries.length,
        heading: s.heading,
        keywords: s.keywords.join(' '),
        title: article.title,
        topic: article.keywords.join(' '),
        body: s.paragraphs.join('\n'),
      });
      entries.push({ article, section: s.heading, excerpt: excerptOf(s.paragraphs), topic: topicOf(article.keywords, s.heading) });
    }
  }
  // Every term the index holds, as the index makes them.
  const vocabulary = new Set(docs.flatMap((doc) => FIELDS.flatMap((field) => [...termSet(doc[field])])));
  const index = new MiniSearch<IndexedSection>({
    fields: [...FIELDS],
    tokenize,
    processTerm: toTerm,
    searchOptions: {
      boost: FIELD_BOOST,
      // Typos in longer words only (fuzzing short words turns "cook" into "code"), and only in
      // words no article contains: a word one does is no typo, and the fuzzy walk of the index
      // was a third of a search's time.
      fuzzy: (term) => (term.length >= 6 && !vocabulary.has(term) ? 0.2 : false),
      maxFuzzy: 2,
      prefix: (term) => term.length >= 4,
      combineWith: 'OR',
    },
  });
  index.addAll(docs);

  /** Every matching section with its relevance and boost, best score first. */
  function rank(query: string, opts: SearchOptions): RankedSection[] {
    const text = query.slice(0, MAX_QUERY_CHARS);
    const asked = askedTerms(text, vocabulary);
    const question = asPhrase(text);
    const found = index.search(text).flatMap((r) => {
      const entry = entries[Number(r.id)];
      if (!entry) return [];
      const relevance = r.score / asked;
      const boost = boostFor(entry.article, opts);
      const onTopic = isOnTopic(entry.topic, question, r.match, 'topic');
      const ranked: RankedSection = {
        slug: entry.article.slug,
        title: entry.article.title,
        section: entry.section,
        relevance,
        boost,
        score: relevance * boost,
        onTopic,
        passes: onTopic && relevance >= threshold,
        matches: r.match,
        excerpt: entry.excerpt,
      };
      return [ranked];
    });
    return found.sort((a, b) => b.score - a.score);
  }

  return {
    threshold,
    articles: () => articles,
    explain: (query, opts = {}, limit = 10) => rank(query, opts).slice(0, limit),
    search(query, opts = {}) {
      const best = rank(query, opts).find((r) => r.passes);
      return best ? { slug: best.slug, title: best.title, section: best.section, excerpt: best.excerpt, score: best.score } : null;
    },
  };
}
