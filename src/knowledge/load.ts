// Reads the help articles from disk once, at start-up; retrieval itself never touches the disk.
import { readPromptFile, type PromptFile } from '../prompts.js';
import { parseArticle } from './article.js';
import { createKnowledgeBase, type KnowledgeBase } from './search.js';

/** Loads prompts.folder('kb') (sorted, so the index is deterministic). Throws on an invalid article, naming its file. */
export function loadKnowledgeBase(files: readonly PromptFile[]): KnowledgeBase {
  const articles = files.map((f) => readPromptFile(f, (text) => parseArticle(f.name.slice(0, -3), text)));
  const slugs = new Set(articles.map((a) => a.slug));
  if (slugs.size !== articles.length) throw new Error('duplicate article slug');
  return createKnowledgeBase(articles);
}
