// Everything the prompts folders say (built-in prompts/ with the operator's PROMPTS_DIR laid over
// it), loaded and checked at once: `serve` starts with it and `parley doctor` reports the first
// file it refuses, so a bad operator file is found before a restart.
import { loadKnowledgeBase, loadShopPolicy } from './knowledge/index.js';
import { loadLexicon } from './language/lexicon.js';
import type { Prompts } from './prompts.js';
import { loadRephrasePrompts } from './replies/llm-prompts.js';
import { loadTemplates } from './replies/templates.js';

export function loadPromptContent(prompts: Prompts) {
  return {
    lexicon: loadLexicon(prompts.folder('language')),
    knowledgeBase: loadKnowledgeBase(prompts.folder('kb')),
    shopPolicy: loadShopPolicy(prompts.file('policy', 'shop-policy.md')),
    templates: loadTemplates(prompts.folder('replies')),
    rephrasePrompts: loadRephrasePrompts(prompts),
  };
}
