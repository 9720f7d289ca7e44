// Public surface of the knowledge base.
export { loadKnowledgeBase } from './load.js';
export { createKnowledgeBase, SCORE_THRESHOLD } from './search.js';
export type { KnowledgeBase, KnowledgeHit, RankedSection, SearchOptions } from './search.js';
export { MAX_EXCERPT_CHARS } from './excerpt.js';
export { parseArticle } from './article.js';
export type { Article, Section } from './article.js';
export { loadShopPolicy, parseShopPolicy } from './shop-policy.js';
export type { ShopPolicy, PolicySection } from './shop-policy.js';
