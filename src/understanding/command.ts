import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { projectRoot } from '../paths.js';
import { corpusDir, loadCorpus } from './corpus.js';
import { formatConfusion, reportIntents, type IntentReport, type Scored } from './evaluation.js';
import { redact } from './redact.js';
import { loadUnderstander, trainingExamples, type Understander } from './understand.js';
import { INTENTS, type Intent } from './vocabulary.js';

// The two CLI faces of the understanding stage. The only file here that writes to streams:
// standard output carries results, standard error carries logs.

const InputLine = z.looseObject({ text: z.string() });

/** One JSON line in, one JSON line out: other fields pass through; `text` comes back redacted. */
export function understandLine(line: string, understander: Understander): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return JSON.stringify({ error: 'invalid JSON' });
  }
  const input = InputLine.safeParse(parsed);
  if (!input.success) return JSON.stringify({ error: 'expected an object with a string "text" field' });
  const redaction = redact(input.data.text);
  const u = understander.understand(redaction.text);
  // The text is echoed redacted: secrets must never be echoed (contract, "Secrets").
  return JSON.stringify({
    ...input.data,
    text: redaction.secrets.length > 0 ? redaction.text : input.data.text,
    role: u.role,
    roleConfidence: round(u.roleConfidence),
    intent: u.intent,
    confidence: round(u.confidence),
    entities: u.entities,
    secrets: redaction.secrets,
  });
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

export async function runUnderstandCommand(input: NodeJS.ReadableStream, out: NodeJS.WritableStream): Promise<number> {
  const started = performance.now();
  const understander = loadUnderstander();
  process.stderr.write(`understand: model ready in ${Math.round(performance.now() - started)} ms\n`);
  let buffer: string[] = [];
  let count = 0;
  const flush = async (): Promise<void> => {
    if (buffer.length === 0) return;
    const chunk = `${buffer.join('\n')}\n`;
    buffer = [];
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  };
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    if (line.trim() === '') continue;
    buffer.push(understandLine(line, understander));
    count++;
    if (buffer.length >= 256) await flush();
  }
  await flush();
  process.stderr.write(`understand: ${count} lines in ${Math.round(performance.now() - started)} ms\n`);
  return 0;
}

// ---- eval ----

const DevLine = z.object({
  id: z.string().optional(),
  text: z.string(),
  intent: z.array(z.enum(INTENTS)),
  role: z.array(z.string()),
});

/** A JSON Lines file in the dev set's format: each line lists the acceptable intents and roles. */
export function readDevStyle(file: string): { text: string; intents: Intent[]; roles: string[] }[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => DevLine.parse(JSON.parse(l)))
    .map((r) => ({ text: r.text, intents: r.intent, roles: r.role }));
}

const ACTIONABLE = new Set<Intent>(['order_status', 'order_problem', 'refund_request', 'refill_request', 'cancel_request', 'delivery_time',
  'payment_issue', 'api_error', 'api_key', 'integration_help', 'affiliate_commission', 'service_info', 'account_access']);

function printReport(out: NodeJS.WritableStream, title: string, report: IntentReport, roleAccuracy: number): void {
  const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
  out.write(`\n== ${title} (n=${report.n})\nintent accuracy ${pct(report.accuracy)}  role accuracy ${pct(roleAccuracy)}  calibration error (ECE) ${report.ece.toFixed(3)}\n\n`);
  out.write(`${'intent'.padEnd(22)}${'precision'.padStart(10)}${'recall'.padStart(8)}${'n'.padStart(5)}\n`);
  for (const r of report.perIntent) out.write(`${r.intent.padEnd(22)}${pct(r.precision).padStart(10)}${pct(r.recall).padStart(8)}${String(r.support).padStart(5)}\n`);
  out.write(`\n${formatConfusion(report)}\n\nmisclassified (${report.errors.length}):\n`);
  for (const e of report.errors) out.write(`  ${e.predicted} ${e.confidence.toFixed(2)} (want ${e.gold.join('|')}): ${e.text}\n`);
}

function evalLabelled(out: NodeJS.WritableStream, title: string, rows: { text: string; intents: Intent[]; roles: string[] }[], understander: Understander): void {
  const scored: Scored[] = [];
  let roleRight = 0;
  for (const row of rows) {
    const u = understander.understand(redact(row.text).text);
    scored.push({ text: row.text, gold: row.intents, predicted: u.intent, confidence: u.confidence });
    if (row.roles.includes(u.role)) roleRight++;
  }
  printReport(out, title, reportIntents(scored), roleRight / Math.max(1, rows.length));
}

function evalClinc(out: NodeJS.WritableStream, dir: string, understander: Understander): void {
  // Mirrors ../shared/tools/score-understanding.mjs: measured on test/oos_test, never trained on.
  const Pair = z.tuple([z.string(), z.string()]);
  const data = z.object({ test: z.array(Pair), oos_test: z.array(Pair) }).parse(JSON.parse(readFileSync(`${dir}/data_full.json`, 'utf8')));
  const domains = z.record(z.string(), z.array(z.string())).parse(JSON.parse(readFileSync(`${dir}/domains.json`, 'utf8')));
  const unrelated = new Set(['travel', 'kitchen_and_dining', 'auto_and_commute', 'home', 'utility', 'work'].flatMap((d) => domains[d] ?? []));
  const negatives = [...data.oos_test.map(([t]) => t), ...data.test.filter(([, i]) => unrelated.has(i)).map(([t]) => t)];
  const want: Record<string, Intent> = { greeting: 'greeting', goodbye: 'goodbye', thank_you: 'goodbye' };
  const smalltalk = data.test.filter(([, i]) => i in want);
  const wrong: string[] = [];
  let falseOrderIds = 0;
  for (const text of negatives) {
    const u = understander.understand(redact(text).text);
    if (ACTIONABLE.has(u.intent)) wrong.push(`  ${u.intent} ${u.confidence.toFixed(2)}: ${text}`);
    if ((u.entities.order_id ?? []).length > 0) falseOrderIds++;
  }
  const smallRight = smalltalk.filter(([t, i]) => understander.understand(redact(t).text).intent === want[i]).length;
  out.write(`\n== CLINC150 (test + oos_test; not trained on)\nunrelated read as actionable ${(100 * wrong.length / negatives.length).toFixed(1)}% (${wrong.length}/${negatives.length})`);
  out.write(`  small talk ${smallRight}/${smalltalk.length}  invented order IDs ${falseOrderIds}\n`);
  out.write(`first unrelated-as-actionable examples:\n${wrong.slice(0, 25).join('\n')}\n`);
}

export async function runEvalCommand(args: string[], out: NodeJS.WritableStream): Promise<number> {
  // The dev set and CLINC150 come with the project's shared folder, next to the checkout.
  const shared = join(dirname(projectRoot), 'shared');
  const started = performance.now();
  const understander = loadUnderstander();
  out.write(`model loaded in ${Math.round(performance.now() - started)} ms (shipped file, trained on ${trainingExamples().length} examples)\n`);

  const test = loadCorpus('test');
  evalLabelled(out, 'team test split (src/understanding/corpus/test.jsonl)', test.map((e) => ({ text: e.text, intents: [e.intent], roles: [e.role] })), understander);

  // The second team hold-out, in the dev set's format (acceptable label sets); never trained on.
  const holdout = join(corpusDir(), 'holdout-2.jsonl');
  if (existsSync(holdout)) evalLabelled(out, 'team hold-out 2 (src/understanding/corpus/holdout-2.jsonl)', readDevStyle(holdout), understander);

  const devFile = args.find((a) => a.endsWith('.jsonl')) ?? join(shared, 'dev-set', 'understanding-dev.jsonl');
  if (existsSync(devFile)) {
    evalLabelled(out, `development set (${devFile})`, readDevStyle(devFile), understander);
  } else {
    out.write(`\n(dev set not found at ${devFile}; skipped)\n`);
  }

  const clinc = join(shared, 'external', 'clinc150');
  if (existsSync(join(clinc, 'data_full.json'))) evalClinc(out, clinc, understander);
  else out.write(`\n(CLINC150 not found at ${clinc}; skipped)\n`);
  return 0;
}
