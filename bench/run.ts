// npm run bench: every benchmark in one run, a table on stdout, and the results with the machine
// they ran on written into docs/benchmarks.md (between the BENCH:RESULTS markers). It prints
// numbers against the targets; it does not pass or fail. 127.0.0.1 only, bounded in time.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { fromRoot } from '../src/paths.js';
import { measureClassifier } from './classifier.js';
import { measureColdStart } from './cold-start.js';
import { measureCommit } from './commit.js';
import { measureGuard } from './guard.js';
import type { MemoryResult } from './memory.js';
import { runThroughput } from './throughput.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const f0 = (n: number) => n.toFixed(0);
const f1 = (n: number) => n.toFixed(1);
const mark = (ok: boolean) => (ok ? 'met' : '**missed**');

const machine = {
  cpu: cpus()[0]?.model.trim() ?? 'unknown',
  cores: cpus().length,
  memoryGiB: totalmem() / 1024 ** 3,
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
};
console.log(`machine: ${machine.cpu}, ${machine.cores} cores, ${f1(machine.memoryGiB)} GiB, node ${machine.node}`);

console.log('classifier…');
const classifier = measureClassifier(3);
// The servers run the build (`node dist/cli.js serve`, as `npm start` does after tsc), not tsx.
console.log('build (tsc)…');
const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: fromRoot(), encoding: 'utf8' });
if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
console.log('cold start…');
const cold = await measureColdStart(5, 'dist');
const coldTsx = await measureColdStart(3, 'tsx');
console.log('guard…');
const guard = measureGuard(20);
console.log('commit (store.append)…');
const commitDir = tmpdir();
const commitFull = await measureCommit(commitDir, 'full', 1000);
const commitNormal = await measureCommit(commitDir, 'normal', 1000);
const commitGrouped = await measureCommit(commitDir, 'full', 2048, 32);
console.log(`memory per 10,000 idle conversations (twice), ${rounds} runs…`);
// Each run in a fresh process; the run with the median first-batch growth is shown (runs differ by
// up to ±7 MiB here: how much freed memory the allocator still holds at the measuring point).
const memoryRuns = Array.from({ length: rounds }, () => {
  const mem = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', fromRoot('bench', 'memory.ts'), '10000'], { cwd: fromRoot(), encoding: 'utf8' });
  if (mem.status !== 0) throw new Error(`memory benchmark failed:\n${mem.stderr}`);
  return JSON.parse(mem.stdout.trim().split('\n').at(-1) ?? '{}') as MemoryResult;
});
const memory = [...memoryRuns].sort((a, b) => a.rssGrowthMiB - b.rssGrowthMiB)[Math.floor(memoryRuns.length / 2)] as MemoryResult;
console.log(`throughput (${rounds} rounds of ${seconds} s per server, 32 connections)…`);
const load = await runThroughput({ connections: 32, seconds, rounds, mode: 'dist' });

const cpuUs = (r: { serverCpuUsPerRequest: number | null }) => (r.serverCpuUsPerRequest === null ? 'n/a' : f0(r.serverCpuUsPerRequest));
const usOrNa = (us: number | null | undefined) => (us === null || us === undefined ? 'n/a' : f0(us));
const pctOrNa = (share: number | null | undefined) => (share === null || share === undefined ? 'n/a' : `${f0(share * 100)}%`);
// requests/s = busy cores ÷ machine CPU per request, so the ratio is the product of two factors: the
// first is the ratio a fully busy machine would reach, the second how far the turn keeps it busy.
const ratioFactors = ({ turn, echo, ratio }: typeof load) => {
  if (!turn.machine || !echo.machine) return 'n/a';
  const cost = echo.machine.cpuUsPerRequest / turn.machine.cpuUsPerRequest;
  const busy = turn.machine.busyShare / echo.machine.busyShare;
  return `${f1(ratio * 100)}% ≈ ${f1(cost * 100)}% × ${f0(busy * 100)}%`;
};
const rows: [string, string, string, string][] = [
  [`full turn req/s (32 conns; the median of ${load.rounds.length} rounds)`, f0(load.turn.requestsPerSecond), `≥ 20% of echo (${f0(load.echo.requestsPerSecond * 0.2)})`, mark(load.ratio >= 0.2)],
  ['bare node:http echo req/s', f0(load.echo.requestsPerSecond), '—', ''],
  ['turn ÷ echo', `${f1(load.ratio * 100)}%`, '≥ 20%', mark(load.ratio >= 0.2)],
  ['turn ÷ echo, each round', load.rounds.map((r) => `${f1(r.ratio * 100)}%`).join(', '), '—', ''],
  ['full turn latency p50 / p99', `${load.turn.p50} / ${load.turn.p99} ms`, 'p99 ≤ 25 ms', mark(load.turn.p99 <= 25)],
  ['echo latency p50 / p99', `${load.echo.p50} / ${load.echo.p99} ms`, '—', ''],
  ['server CPU per request, turn / echo (user + system)', `${cpuUs(load.turn)} / ${cpuUs(load.echo)} µs`, '—', ''],
  ['load generator CPU per request, turn / echo (autocannon, in the bench process)', `${usOrNa(load.turn.loadGeneratorCpuUsPerRequest)} / ${usOrNa(load.echo.loadGeneratorCpuUsPerRequest)} µs`, '—', ''],
  ['machine CPU per request, turn / echo (every process and the kernel)', `${usOrNa(load.turn.machine?.cpuUsPerRequest)} / ${usOrNa(load.echo.machine?.cpuUsPerRequest)} µs`, '—', ''],
  [`machine busy during the load, turn / echo (${machine.cores} cores)`, `${pctOrNa(load.turn.machine?.busyShare)} / ${pctOrNa(load.echo.machine?.busyShare)}`, '—', ''],
  ['turn ÷ echo = machine CPU per request (echo ÷ turn) × machine busy (turn ÷ echo)', ratioFactors(load), '—', ''],
  ['turn errors / non-2xx / timeouts', `${load.turn.errors} / ${load.turn.non2xx} / ${load.turn.timeouts}`, '0', mark(load.turn.errors + load.turn.non2xx + load.turn.timeouts === 0)],
  ['turns that re-used a finished dialogue (fresh conversations ran out)', String(load.reusedTurns), '—', ''],
  ['the turns\' policy decisions (server /metrics)', Object.entries(load.decisions).map(([d, share]) => `${d} ${f0(share * 100)}%`).join(', '), '—', ''],
  [`RSS growth per 10,000 idle conversations (the first 10,000; the median of ${memoryRuns.length} runs)`, `${f1(memory.rssGrowthMiB)} MiB (heap ${f1(memory.heapGrowthMiB)} MiB${memory.gc ? ', after gc' : ''})`, '≤ 32 MiB', mark(memory.rssGrowthMiB <= 32)],
  ['RSS growth over the next 10,000', `${f1(memory.nextRssGrowthMiB)} MiB`, '≤ 32 MiB', mark(memory.nextRssGrowthMiB <= 32)],
  ['RSS growth, first 10,000, each run', memoryRuns.map((m) => `${f1(m.rssGrowthMiB)} MiB`).join(', '), '—', ''],
  ['cold start to /readyz 200 (median of 5, node dist/cli.js serve)', `${f0(cold.median)} ms (min ${f0(cold.min)})`, '≤ 1000 ms', mark(cold.median <= 1000)],
  ['cold start, same through tsx (median of 3)', `${f0(coldTsx.median)} ms`, '—', ''],
  ['classifier: model load at start', `${f0(classifier.trainMs)} ms`, '—', ''],
  ['guard: checkReply per reply (corpus + templates)', `${f0(guard.usPerReply)} µs (p99 ${f0(guard.p99us)} µs)`, '—', ''],
  ['commit (one turn\'s append), synchronous=FULL / NORMAL', `${f0(commitFull.usPerCommit)} / ${f0(commitNormal.usPerCommit)} µs`, '—', ''],
  ['commit, FULL, 32 appends in flight (group commit), per append', `${f0(commitGrouped.usPerCommit)} µs`, '—', ''],
  ['classifier: understand() p50 / p99', `${f0(classifier.p50us)} / ${f0(classifier.p99us)} µs`, '—', ''],
  ['classifier: messages per second', f0(classifier.perSecond), '—', ''],
];

const width = rows.reduce((w, r) => r.map((c, i) => Math.max(w[i] ?? 0, c.length)), [0, 0, 0, 0] as number[]);
console.log('');
for (const r of [['benchmark', 'result', 'target', ''] as const, ...rows]) console.log(r.map((c, i) => c.padEnd(width[i] ?? 0)).join('  '));

const block = [
  '<!-- BENCH:RESULTS:START (written by `npm run bench`; edit the text outside the markers) -->',
  `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on **${machine.cpu}**, ${machine.cores} cores, ${f1(machine.memoryGiB)} GiB RAM, ` +
    `${machine.platform}, Node ${machine.node}. Load generator (autocannon) and servers in separate processes on 127.0.0.1, ` +
    `${load.rounds.length} rounds of ${load.seconds} s per server, echo and turn alternating, after a 2 s warm-up each; the round with the median ratio is shown. ${load.conversations} dialogues under way at a time, each from a fresh conversation (bench/lib/dialogues.ts).`,
  '',
  '| benchmark | result | target | |',
  '|---|---|---|---|',
  ...rows.map((r) => `| ${r.join(' | ')} |`),
  '',
  `Raw: turn ${JSON.stringify(load.turn)}; echo ${JSON.stringify(load.echo)}; rounds (turn req/s, echo req/s, turn p99 ms) ${JSON.stringify(load.rounds.map((r) => [Math.round(r.turn.requestsPerSecond), Math.round(r.echo.requestsPerSecond), r.turn.p99]))}; memory ${JSON.stringify(memory)}; cold start runs (dist) ${JSON.stringify(cold.runs.map((n) => Math.round(n)))} ms, (tsx) ${JSON.stringify(coldTsx.runs.map((n) => Math.round(n)))} ms; classifier ${JSON.stringify({ ...classifier, trainMs: Math.round(classifier.trainMs), p50us: Math.round(classifier.p50us), p99us: Math.round(classifier.p99us), perSecond: Math.round(classifier.perSecond) })}.`,
  '<!-- BENCH:RESULTS:END -->',
].join('\n');

const docPath = fromRoot('docs', 'benchmarks.md');
const doc = readFileSync(docPath, 'utf8');
const start = doc.indexOf('<!-- BENCH:RESULTS:START');
const end = doc.indexOf('<!-- BENCH:RESULTS:END -->');
if (start < 0 || end < 0) throw new Error('docs/benchmarks.md has no BENCH:RESULTS markers');
writeFileSync(docPath, doc.slice(0, start) + block + doc.slice(end + '<!-- BENCH:RESULTS:END -->'.length));
console.log(`\nresults written to docs/benchmarks.md`);
