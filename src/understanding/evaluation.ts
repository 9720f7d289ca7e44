import { INTENTS, type Intent } from './vocabulary.js';

// Pure metrics for `eval`: accuracy, per-intent precision/recall, a confusion matrix and
// calibration. Gold labels may be a set of acceptable labels (the dev set's style).

export interface Scored {
  text: string;
  gold: readonly Intent[];
  predicted: Intent;
  confidence: number;
}

export interface IntentReport {
  n: number;
  accuracy: number;
  perIntent: { intent: Intent; precision: number; recall: number; support: number }[];
  /** confusion[gold][predicted] counts, gold taken as the prediction when acceptable, else the first label. */
  confusion: Map<Intent, Map<Intent, number>>;
  errors: Scored[];
  /** Expected calibration error over 10 confidence bins. */
  ece: number;
}

const isRight = (s: Scored): boolean => s.gold.includes(s.predicted);
const goldOf = (s: Scored): Intent => (isRight(s) ? s.predicted : (s.gold[0] ?? 'other'));

export function expectedCalibrationError(items: readonly Scored[], bins = 10): number {
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    const inBin = items.filter((s) => Math.min(bins - 1, Math.floor(s.confidence * bins)) === b);
    if (inBin.length === 0) continue;
    const acc = inBin.filter(isRight).length / inBin.length;
    const conf = inBin.reduce((sum, s) => sum + s.confidence, 0) / inBin.length;
    ece += (inBin.length / items.length) * Math.abs(acc - conf);
  }
  return ece;
}

export function reportIntents(items: readonly Scored[]): IntentReport {
  const confusion = new Map<Intent, Map<Intent, number>>();
  for (const s of items) {
    const row = confusion.get(goldOf(s)) ?? new Map<Intent, number>();
    row.set(s.predicted, (row.get(s.predicted) ?? 0) + 1);
    confusion.set(goldOf(s), row);
  }
  const perIntent = INTENTS.map((intent) => {
    const tp = items.filter((s) => s.predicted === intent && isRight(s)).length;
    const predicted = items.filter((s) => s.predicted === intent).length;
    const support = items.filter((s) => goldOf(s) === intent).length;
    return { intent, precision: predicted === 0 ? 1 : tp / predicted, recall: support === 0 ? 1 : tp / support, support };
  }).filter((r) => r.support > 0 || r.precision < 1);
  return {
    n: items.length,
    accuracy: items.filter(isRight).length / Math.max(1, items.length),
    perIntent,
    confusion,
    errors: items.filter((s) => !isRight(s)),
    ece: expectedCalibrationError(items),
  };
}

/** The confusion matrix as fixed-width text; columns are abbreviated intent names. */
export function formatConfusion(report: IntentReport): string {
  const labels = INTENTS.filter((i) => report.confusion.has(i) || [...report.confusion.values()].some((r) => r.has(i)));
  const abbrev = (i: Intent): string => i.split('_').map((w) => w.slice(0, 3)).join('_').slice(0, 7);
  const head = `${'gold \\ predicted'.padEnd(22)}${labels.map((l) => abbrev(l).padStart(8)).join('')}`;
  const rows = labels.map((g) => {
    const row = report.confusion.get(g);
    return `${g.padEnd(22)}${labels.map((p) => String(row?.get(p) ?? '.').padStart(8)).join('')}`;
  });
  return [head, ...rows].join('\n');
}
