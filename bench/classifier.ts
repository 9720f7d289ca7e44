// Classifier speed: loading the shipped model (loadUnderstander; it trained at every start before the
// model file) and understand() over the corpus (team test split plus the training examples), per
// message p50/p99 and messages per second.
import { loadCorpus } from '../src/understanding/corpus.js';
import { redact } from '../src/understanding/redact.js';
import { loadUnderstander, trainingExamples } from '../src/understanding/understand.js';

export interface ClassifierResult {
  trainMs: number;
  messages: number;
  p50us: number;
  p99us: number;
  perSecond: number;
}

export function measureClassifier(seconds = 3): ClassifierResult {
  const t0 = performance.now();
  const understander = loadUnderstander();
  const trainMs = performance.now() - t0;
  const texts = [...loadCorpus('test'), ...trainingExamples()].map((e) => redact(e.text).text);
  for (const t of texts.slice(0, 500)) understander.understand(t); // warm-up
  const latencies: number[] = [];
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) {
    for (const t of texts) {
      const s = performance.now();
      understander.understand(t);
      latencies.push(performance.now() - s);
    }
  }
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p: number) => (latencies[Math.floor(p * (latencies.length - 1))] ?? 0) * 1000;
  return { trainMs, messages: texts.length, p50us: q(0.5), p99us: q(0.99), perSecond: latencies.length / elapsed };
}
