// Reads the help articles from disk once, at start-up; retrieval itself never touches the disk.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArticle } from './article.js';
import { createKnowledgeBase, type KnowledgeBase } from './search.js';

/** Loads every `*.md` in `dir` (sorted, so the index is deterministic). Throws on an invalid article. */
export function loadKnowledgeBase(dir: string): KnowledgeBase {
  const files = readdirSync(dir).filter((f) => f.endsWith('.md')).sort();
  const articles = files.map((f) => parseArticle(f.slice(0, -3), readFileSync(join(dir, f), 'utf8')));
  const slugs = new Set(articles.map((a) => a.slug));
  if (slugs.size !== articles.length) throw new Error('duplicate article slug');
  return createKnowledgeBase(articles);
}
