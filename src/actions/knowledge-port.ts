// The act stage's Knowledge port over the help-article search: sections that pass the threshold,
// with their relevance over it (how sure the match is), their text, and whether their question
// needs a person.
import type { KnowledgeBase } from '../knowledge/index.js';
import type { Knowledge } from './act.js';

export function knowledgePort(kb: KnowledgeBase): Knowledge {
  const escalating = new Set(kb.articles().flatMap((a) => a.escalate.map((heading) => `${a.slug}#${heading}`)));
  return {
    rank(query, boost, limit) {
      const options = { ...(boost.intent ? { intent: boost.intent } : {}), ...(boost.role !== 'unknown' ? { role: boost.role } : {}) };
      return kb.explain(query, options, limit * 4).filter((s) => s.passes).slice(0, limit).map((s) => ({
        slug: s.slug, title: s.title, section: s.section, excerpt: s.excerpt,
        escalate: escalating.has(`${s.slug}#${s.section}`), relevance: s.relevance / kb.threshold,
      }));
    },
  };
}
