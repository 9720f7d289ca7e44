// npm run bench: the numbers issue 19 sets floors for, on this machine, printed as a table and
// written into docs/benchmarks.md (between the BENCH:RESULTS markers). It prints numbers against
// the floors; it does not pass or fail. 127.0.0.1 only.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { fromRoot } from '../src/paths.js';
import { measureClassifier } from './classifier.js';
import { measureColdStart } from './cold-start.js';
import { measureGuard } from './guard.js';
import { runLoadRound, type LoadRound } from './throughput.js';

const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const f0 = (n: number) => n.toFixed(0);
const f1 = (n: number) => n.toFixed(1);
const mark = (ok: boolean) => (ok ? 'met' : '**missed**');

const machine = `${cpus()[0]?.model.trim() ?? 'unknown'}, ${cpus().length} cores, ${f1(totalmem() / 1024 ** 3)} GiB RAM, ${process.platform} ${process.arch}, Node ${process.version}`;
const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: fromRoot(), encoding: 'utf8' }).stdout.trim() || 'unknown';
// Other work on a shared machine changes every number here: the load average says how busy it was.
const load = () => loadavg().map((l) => l.toFixed(1)).join(' / ');
const loadBefore = load();
console.log(`machine: ${machine}; commit ${commit}; load average (1 / 5 / 15 min) ${loadBefore}`);

// The servers run the build (`node dist/cli.js serve`, as `npm start` does after tsc), not tsx.
console.log('build (tsc)…');
const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: fromRoot(), encoding: 'utf8' });
if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
console.log('cold start (5 runs)…');
const cold = await measureColdStart(5, 'dist');
const loads: LoadRound[] = [];
for (let r = 0; r < rounds; r++) {
  console.log(`load round ${r + 1} of ${rounds}: 30,000 turns at 32 connections on a fresh server…`);
  loads.push(await runLoadRound({ connections: 32, turns: 30_000, mode: 'dist' }));
}
console.log('guard and classifier (in process)…');
const guard = measureGuard(20);
const classifier = measureClassifier(3);

const byRate = [...loads].sort((a, b) => a.turnsPerSecond - b.turnsPerSecond);
const mid = byRate[Math.floor(byRate.length / 2)] as LoadRound;
const worstP99 = Math.max(...loads.map((l) => l.p99));
const failures = loads.reduce((n, l) => n + l.errors + l.non2xx + l.timeouts, 0);
const rss = loads.map((l) => l.rssMiB).filter((m): m is number => m !== null);
const worstRss = rss.length ? Math.max(...rss) : null;
const each = (xs: readonly (number | null)[], unit = '') => xs.map((x) => (x === null ? 'n/a' : `${f0(x)}${unit}`)).join(', ');

const rows: [string, string, string, string][] = [
  [`full turn, 32 connections: turns/s (median of ${loads.length} rounds)`, f0(mid.turnsPerSecond), '≥ 1,000', mark(mid.turnsPerSecond >= 1000)],
  ['turns/s, each round', each(loads.map((l) => l.turnsPerSecond)), '—', ''],
  ['latency p50 / p99 (median round); worst p99 of all rounds', `${mid.p50} / ${mid.p99} ms; ${worstP99} ms`, 'p99 ≤ 50 ms', mark(worstP99 <= 50)],
  ['errors + non-2xx + timeouts, all rounds', String(failures), '0', mark(failures === 0)],
  ['resident memory (RSS) after 30,000 turns, each round', each(loads.map((l) => l.rssMiB), ' MiB'), '≤ 160 MiB', worstRss === null ? 'n/a' : mark(worstRss <= 160)],
  ['peak RSS during the round, each round', each(loads.map((l) => l.peakRssMiB), ' MiB'), '—', ''],
  ['cold start to /readyz 200 (median of 5, node dist/cli.js serve)', `${f0(cold.median)} ms (min ${f0(cold.min)}, max ${f0(Math.max(...cold.runs))})`, '≤ 1,500 ms', mark(cold.median <= 1500)],
  ['guard: checkReply per reply (corpus + templates), mean / p99', `${f0(guard.usPerReply)} / ${f0(guard.p99us)} µs`, '—', ''],
  ['classifier: model load; understand() p50 / p99', `${f0(classifier.trainMs)} ms; ${f0(classifier.p50us)} / ${f0(classifier.p99us)} µs`, '—', ''],
];

const width = rows.reduce((w, r) => r.map((c, i) => Math.max(w[i] ?? 0, c.length)), [0, 0, 0, 0] as number[]);
console.log('');
for (const r of [['benchmark', 'result', 'floor', ''] as const, ...rows]) console.log(r.map((c, i) => c.padEnd(width[i] ?? 0)).join('  '));

const block = [
  '<!-- BENCH:RESULTS:START (written by `npm run bench`; edit the text outside the markers) -->',
  `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC at commit \`${commit}\` on ${machine}; load average (1 / 5 / 15 min) ${loadBefore} before the run, ${load()} after.`,
  '',
  '| benchmark | result | floor | |',
  '|---|---|---|---|',
  ...rows.map((r) => `| ${r.join(' | ')} |`),
  '<!-- BENCH:RESULTS:END -->',
].join('\n');

const docPath = fromRoot('docs', 'benchmarks.md');
const doc = readFileSync(docPath, 'utf8');
const start = doc.indexOf('<!-- BENCH:RESULTS:START');
const end = doc.indexOf('<!-- BENCH:RESULTS:END -->');
if (start < 0 || end < 0) throw new Error('docs/benchmarks.md has no BENCH:RESULTS markers');
writeFileSync(docPath, doc.slice(0, start) + block + doc.slice(end + '<!-- BENCH:RESULTS:END -->'.length));
console.log('\nresults written to docs/benchmarks.md');
