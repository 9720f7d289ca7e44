// `parley kb test "<question>" [--role R] [--intent I] [--limit N]`: how the help articles answer
// one question. Prints the closest sections grouped by article, with relevance, boost and score,
// the threshold, and the section the bot would quote, so an operator can see why a question
// found nothing and which article or keyword to change. Exits 0 when a section answers, 1 when
// none does, 2 on bad usage.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadKnowledgeBase, type KnowledgeBase, type RankedSection } from '../knowledge/index.js';
import { loadConfig } from '../config.js';
import { createPrompts } from '../prompts.js';
import { INTENTS, ROLES } from '../understanding/vocabulary.js';

const USAGE = 'usage: parley kb test "<question>" [--role <role>] [--intent <intent>] [--limit <1-50>]\n';

const KbTestArgs = z.object({
  question: z.string().trim().min(1, 'the question is empty'),
  role: z.enum(ROLES).optional(),
  intent: z.enum(INTENTS).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});
export type KbTestArgs = z.infer<typeof KbTestArgs>;

/** The arguments after `kb`, or what is wrong with them. */
export function parseKbArgs(args: string[]): { ok: true; args: KbTestArgs } | { ok: false; error: string } {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { role: { type: 'string' }, intent: { type: 'string' }, limit: { type: 'string' } },
    });
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  const [sub, ...words] = parsed.positionals;
  if (sub !== 'test') return { ok: false, error: sub ? `unknown kb command: ${sub}` : 'missing kb command' };
  const result = KbTestArgs.safeParse({ ...parsed.values, question: words.join(' ') });
  if (!result.success) return { ok: false, error: result.error.issues.map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`).join('; ') };
  return { ok: true, args: result.data };
}

const num = (n: number) => n.toFixed(1).padStart(6);

function verdict(row: RankedSection, threshold: number): string {
  if (row.passes) return 'may answer';
  if (!row.onTopic) return "off topic: none of the article's keywords is in the question (a keyword of several words counts only whole)";
  return `below the threshold of ${threshold}`;
}

function matchedTerms(row: RankedSection): string {
  return Object.entries(row.matches).map(([term, fields]) => `${term} (${fields.join(', ')})`).join('; ');
}

/** The report for one question, as printed, and whether a section answers it. */
export function kbReport(kb: KnowledgeBase, args: KbTestArgs): { text: string; answered: boolean } {
  const opts = { ...(args.intent ? { intent: args.intent } : {}), ...(args.role ? { role: args.role } : {}) };
  const rows = kb.explain(args.question, opts, args.limit);
  const boosts = [args.intent && `intent ${args.intent}`, args.role && `role ${args.role}`].filter(Boolean).join(', ');
  const out = [
    `Question:  ${JSON.stringify(args.question)}`,
    `Boosts:    ${boosts || 'none (give --intent or --role to see their effect)'}`,
    `Threshold: relevance ${kb.threshold}, before boosts; the question must also be on the article's topic`,
    "Fields:    heading; keywords (the section's keyword line); title; topic (the article's front-matter keywords); body",
    '',
  ];
  if (rows.length === 0) {
    out.push('No section shares a word with the question.');
  } else {
    out.push(`Closest ${rows.length} section(s), grouped by article (score = relevance × boost):`);
    const articles = [...new Set(rows.map((r) => r.slug))];
    articles.forEach((slug, i) => {
      const sections = rows.filter((r) => r.slug === slug);
      out.push('', `${i + 1}. ${slug}: ${sections[0]?.title ?? ''}`);
      for (const row of sections) {
        out.push(`   ${row.passes ? '✔' : '✘'} ${num(row.score)} = ${num(row.relevance)} × ${row.boost.toFixed(2)}  ${row.section}`);
        out.push(`       ${verdict(row, kb.threshold)}; matched: ${matchedTerms(row)}`);
      }
    });
  }
  out.push('');
  const hit = kb.search(args.question, opts);
  if (hit) {
    out.push(`Answer: ${hit.slug} › ${hit.section} (score ${hit.score.toFixed(1)})`, '', hit.excerpt);
  } else {
    out.push('Nothing passes the threshold: the bot says it does not know and offers a person.');
  }
  return { text: `${out.join('\n')}\n`, answered: hit !== null };
}

export async function runKbCommand(args: string[]): Promise<number> {
  const parsed = parseKbArgs(args);
  if (!parsed.ok) {
    process.stderr.write(`${parsed.error}\n${USAGE}`);
    return 2;
  }
  // The operator's PROMPTS_DIR articles are searched too, as the service searches them.
  const report = kbReport(loadKnowledgeBase(createPrompts(loadConfig().PROMPTS_DIR).folder('kb')), parsed.args);
  process.stdout.write(report.text);
  return report.answered ? 0 : 1;
}
