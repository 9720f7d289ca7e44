// BM25 retrieval over the help articles with minisearch. Keywords and titles weigh most because
// they are written for exactly this; below the score threshold we return nothing, so the caller
// says it does not know and offers a person instead of stretching an unrelated article.
import MiniSearch from 'minisearch';
import type { Article } from './article.js';
import { bestExcerpt } from './excerpt.js';
import { termSet, tokenize, toTerm } from './terms.js';

export interface KnowledgeHit {
  readonly slug: string;
  readonly title: string;
  /** The most relevant paragraph of the article, at most 600 characters. */
  readonly excerpt: string;
  readonly score: number;
}

export interface SearchOptions {
  /** Hard filter: only articles tagged with this intent. */
  readonly intent?: string;
  /** Soft preference: articles for this role rank higher, others stay eligible. */
  readonly role?: string;
}

export interface KnowledgeBase {
  search(query: string, opts?: SearchOptions): KnowledgeHit | null;
  articles(): readonly Article[];
}

interface IndexedDoc {
  readonly id: string;
  readonly title: string;
  readonly keywords: string;
  readonly headings: string;
  readonly body: string;
}

/** Tuned on the test queries in test/unit/knowledge: unrelated questions stay well below it. */
export const SCORE_THRESHOLD = 20;
const ROLE_BOOST = 1.3;
const FIELD_BOOST = { keywords: 4, title: 3, headings: 2, body: 1 } as const;
const FIELDS = ['title', 'keywords', 'headings', 'body'] as const;

export function createKnowledgeBase(articles: readonly Article[], threshold = SCORE_THRESHOLD): KnowledgeBase {
  const bySlug = new Map(articles.map((a) => [a.slug, a]));
  const docs = articles.map((a) => ({
    id: a.slug,
    title: a.title,
    keywords: a.keywords.join(' '),
    headings: a.headings.join(' '),
    body: a.body,
  }));
  // Every term the index holds, as the index makes them.
  const vocabulary = new Set(docs.flatMap((doc) => FIELDS.flatMap((field) => [...termSet(doc[field])])));
  const index = new MiniSearch<IndexedDoc>({
    fields: [...FIELDS],
    tokenize,
    processTerm: toTerm,
    searchOptions: {
      boost: FIELD_BOOST,
      // Typos in longer words only (fuzzing short words turns "cook" into "code"), and only in
      // words no article contains: a word one does is no typo (even if the intent filter then
      // leaves that article out), and the fuzzy walk of the index was a third of a search's time.
      fuzzy: (term) => (term.length >= 6 && !vocabulary.has(term) ? 0.2 : false),
      maxFuzzy: 2,
      prefix: (term) => term.length >= 4,
      combineWith: 'OR',
    },
  });
  index.addAll(docs);

  return {
    articles: () => articles,
    search(query, opts = {}) {
      const results = index.search(query.slice(0, 500), {
        filter: (r) => !opts.intent || (bySlug.get(String(r.id))?.intents as readonly string[] | undefined)?.includes(opts.intent) === true,
        boostDocument: (id) => (opts.role && (bySlug.get(String(id))?.roles as readonly string[] | undefined)?.includes(opts.role) ? ROLE_BOOST : 1),
      });
      const top = results[0];
      if (!top || top.score < threshold) return null;
      const article = bySlug.get(String(top.id));
      if (!article) return null;
      return { slug: article.slug, title: article.title, excerpt: bestExcerpt(article, query), score: top.score };
    },
  };
}
