// Help-article sections for a turn's questions: one per question, none twice. A follow-up ("and
// how do I avoid that?") is searched with the subject of the last answer, unless it is a question
// strong enough on its own; the section just quoted is not quoted again when the same article has
// another close match.
import type { ArticleQuery } from '../policy/decision.js';
import type { Role } from '../understanding/vocabulary.js';
import type { Knowledge, ScoredArticle } from './act.js';
import type { ArticleFacts, Facts } from './facts.js';

/** A question this far over the threshold answers itself, whatever came before. */
const SELF_CONTAINED = 2;
/** A runner-up in the same article at least this close to the top replaces a section just quoted. */
const CLOSE_RUNNER_UP = 0.5;

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
  const own = knowledge.rank(question, boost, 1)[0];
  if (!query.subject) return own;
  if (own && own.relevance >= SELF_CONTAINED && sectionId(own) !== query.lastSection) return own;
  const [top, next] = knowledge.rank(`${query.subject} ${question}`, boost, 2);
  if (top && sectionId(top) === query.lastSection && next && next.slug === top.slug && next.relevance >= top.relevance * CLOSE_RUNNER_UP) return next;
  return top ?? own;
}
