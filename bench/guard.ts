// npx tsx bench/guard.ts [rounds=20]: the reply guard's cost per reply over the adversarial corpus
// (test/unit/guard/corpus) and every reply template, as checkReply sees them in a turn.
import { readdirSync, readFileSync } from 'node:fs';
import { checkReply } from '../src/guard/index.js';
import { fromRoot } from '../src/paths.js';
import { mustBlock, mustPass } from '../test/helpers/guard-corpus.js';

export function guardSamples(): { text: string; facts: string[] }[] {
  const fromCorpus = [...mustBlock().map(({ text }) => ({ text, facts: [] })), ...mustPass()];
  const templates = readdirSync(fromRoot('prompts', 'replies')).filter((f) => f.endsWith('.md'))
    .map((f) => ({ text: readFileSync(fromRoot('prompts', 'replies', f), 'utf8'), facts: ['order 4829113 status In progress, 1000 followers, charge 2.50 USD'] }));
  return [...fromCorpus, ...templates];
}

export function measureGuard(rounds = 20): { replies: number; usPerReply: number; p99us: number } {
  const samples = guardSamples();
  for (const s of samples) checkReply(s.text, { facts: s.facts }); // warm-up
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const s of samples) {
      const t = performance.now();
      checkReply(s.text, { facts: s.facts });
      times.push(performance.now() - t);
    }
  }
  times.sort((a, b) => a - b);
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  return { replies: samples.length, usPerReply: mean * 1000, p99us: (times[Math.floor(times.length * 0.99)] ?? 0) * 1000 };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(measureGuard(Number(process.argv[2] ?? 20))));
