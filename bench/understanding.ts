// Benchmark: our understanding stage against nlp.js (@nlpjs/basic) trained on the same corpus.
// Prints accuracy (team test split, hold-out 2, dev set), training time, per-message latency and throughput
// side by side. Run: npx tsx bench/understanding.ts. It prints numbers; it does not pass or fail.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadCorpus } from '../src/understanding/corpus.js';
import { redact } from '../src/understanding/redact.js';
import { loadUnderstander, trainingExamples } from '../src/understanding/understand.js';

interface NlpJsManager {
  addLanguage(lang: string): void;
  addDocument(lang: string, text: string, intent: string): void;
  train(): Promise<void>;
  process(lang: string, text: string): Promise<{ intent: string; score: number }>;
}
interface NlpJsDock {
  get(name: 'nlp'): NlpJsManager;
}
interface NlpJsBasic {
  dockStart(settings: unknown): Promise<NlpJsDock>;
}

interface Row {
  text: string;
  intents: string[];
}

const require = createRequire(import.meta.url);
const devFile = new URL('../../shared/dev-set/understanding-dev.jsonl', import.meta.url);
const test: Row[] = loadCorpus('test').map((e) => ({ text: e.text, intents: [e.intent] }));
const readDevStyle = (file: URL): Row[] =>
  existsSync(file)
    ? readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Row & { intent: string[] }).map((r) => ({ text: r.text, intents: r.intent }))
    : [];
const dev: Row[] = readDevStyle(devFile);
const holdout: Row[] = readDevStyle(new URL('../src/understanding/corpus/holdout-2.jsonl', import.meta.url));

async function measure(name: string, trainMs: number, predict: (text: string) => Promise<string> | string): Promise<void> {
  const accuracy = async (rows: Row[]): Promise<string> => {
    if (rows.length === 0) return '  n/a';
    let right = 0;
    for (const r of rows) if (r.intents.includes(await predict(redact(r.text).text))) right++;
    return `${((100 * right) / rows.length).toFixed(1)}%`;
  };
  const texts = [...test, ...dev].map((r) => redact(r.text).text);
  const latencies: number[] = [];
  const started = performance.now();
  let n = 0;
  while (performance.now() - started < 3000) {
    for (const t of texts) {
      const t0 = performance.now();
      await predict(t);
      latencies.push(performance.now() - t0);
      n++;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p: number): string => `${((latencies[Math.floor(p * (latencies.length - 1))] ?? 0) * 1000).toFixed(0)}µs`;
  console.log(
    `${name.padEnd(14)}${(await accuracy(test)).padStart(10)}${(await accuracy(holdout)).padStart(10)}${(await accuracy(dev)).padStart(10)}${`${Math.round(trainMs)}ms`.padStart(10)}` +
      `${q(0.5).padStart(10)}${q(0.99).padStart(10)}${`${Math.round(n / seconds)}/s`.padStart(12)}`,
  );
}

const examples = trainingExamples();
console.log(`corpus: ${examples.length} training examples; team test split ${test.length}; hold-out 2 ${holdout.length}; dev set ${dev.length}`);
console.log(`${'system'.padEnd(14)}${'test acc'.padStart(10)}${'hold2 acc'.padStart(10)}${'dev acc'.padStart(10)}${'train'.padStart(10)}${'p50'.padStart(10)}${'p99'.padStart(10)}${'throughput'.padStart(12)}`);

let t0 = performance.now();
const ours = loadUnderstander();
await measure('parley', performance.now() - t0, (text) => ours.understand(text).intent);

const { dockStart } = require('@nlpjs/basic') as NlpJsBasic;
const dock = await dockStart({ use: ['Basic'], settings: { nlp: { forceNER: false, autoSave: false, log: false, languages: ['en'], nlu: { log: false } } } });
const nlp = dock.get('nlp');
nlp.addLanguage('en');
for (const e of examples) nlp.addDocument('en', e.text, e.intent);
t0 = performance.now();
await nlp.train();
const nlpTrainMs = performance.now() - t0;
await measure('nlp.js', nlpTrainMs, async (text) => {
  const r = await nlp.process('en', text);
  // nlp.js answers "None" when unsure; that is our "other".
  return r.intent === 'None' ? 'other' : r.intent;
});
