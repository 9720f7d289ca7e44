// The act stage's Knowledge port over the help-article search: sections that pass the threshold,
// with their relevance over it (how sure the match is), their text, and whether their question
// needs a person.
import { excerptOf } from '../knowledge/excerpt.js';
import type { KnowledgeBase } from '../knowledge/index.js';
import type { Knowledge } from './act.js';

export function knowledgePort(kb: KnowledgeBase): Knowledge {
  const sections = new Map(kb.articles().flatMap((a) => a.sections.map((s) => [`${a.slug}#${s.heading}`, { ...s, escalate: a.escalate.includes(s.heading) }] as const)));
  return {
    rank(query, boost, limit) {
      const options = { ...(boost.intent ? { intent: boost.intent } : {}), ...(boost.role !== 'unknown' ? { role: boost.role } : {}) };
      return kb.explain(query, options, limit * 4).filter((s) => s.passes).slice(0, limit).map((s) => {
        const section = sections.get(`${s.slug}#${s.section}`);
        return {
          slug: s.slug, title: s.title, section: s.section, excerpt: excerptOf(section?.paragraphs ?? []),
          escalate: section?.escalate ?? false, relevance: s.relevance / kb.threshold,
        };
      });
    },
  };
}
