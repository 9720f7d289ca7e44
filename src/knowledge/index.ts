// Public surface of the knowledge base.
export { loadKnowledgeBase } from './load.js';
export { createKnowledgeBase, SCORE_THRESHOLD } from './search.js';
export type { KnowledgeBase, KnowledgeHit, SearchOptions } from './search.js';
export { parseArticle } from './article.js';
export type { Article, Paragraph } from './article.js';
export { loadShopPolicy, parseShopPolicy } from './shop-policy.js';
export type { ShopPolicy, PolicySection } from './shop-policy.js';
