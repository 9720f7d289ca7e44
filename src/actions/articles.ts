// Help-article sections for a turn's questions: one per question, none twice. A question that
// finds a section on its own gets that section. A follow-up that does not ("and how do I avoid
// that?") is searched with the subject of the last answer; if that finds the section just quoted,
// the next section of the same article that also answers is given instead (never its introduction,
// which says less than the section already given).
import type { ArticleQuery } from '../policy/decision.js';
import type { Role } from '../understanding/vocabulary.js';
import type { Knowledge, ScoredArticle } from './act.js';
import type { ArticleFacts, Facts } from './facts.js';

const sectionId = (a: ArticleFacts) => `${a.slug}#${a.section}`;

export function answerArticles(knowledge: Knowledge, query: ArticleQuery, role: Role): Facts {
  const boost = { intent: query.intent, role };
  const seen = new Set<string>();
  const articles: ArticleFacts[] = [];
  let unanswered = 0;
  for (const question of query.questions) {
    const hit = pick(knowledge, question, query, boost);
    if (!hit) {
      unanswered += 1;
      continue;
    }
    if (seen.has(sectionId(hit))) continue;
    seen.add(sectionId(hit));
    const { relevance: _relevance, ...facts } = hit;
    articles.push(facts);
  }
  return { kind: 'article', articles, unanswered };
}

function pick(knowledge: Knowledge, question: string, query: ArticleQuery, boost: Parameters<Knowledge['rank']>[1]): ScoredArticle | undefined {
  const strong = (hit: ScoredArticle | undefined) => (hit && hit.relevance >= query.minRelevance ? hit : undefined);
  const own = strong(knowledge.rank(question, boost, 1)[0]);
  if (own || !query.subject) return own;
  const [top, next] = knowledge.rank(`${query.subject} ${question}`, boost, 2).map(strong);
  if (top && sectionId(top) === query.lastSection && next && next.slug === top.slug && next.section !== next.title) return next;
  return top;
}
