// npx tsx bench/profile-server.ts [seconds=10] [mode=dist] [connections=32]: the demo server under
// the throughput benchmark's load with `--cpu-prof`, then the hottest functions by self time (the
// server's main thread, counting only the samples taken while the load ran: its start, the opening
// of the conversations and its close are left out). Needs `npm run build` for dist.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { startDemoServer } from './lib/processes.js';
import { createDialogues, openConversations, turnRequest } from './lib/dialogues.js';

const seconds = Number(process.argv[2] ?? 10);
const mode = (process.argv[3] ?? 'dist') as 'dist' | 'tsx';
const connections = Number(process.argv[4] ?? 32);
const dir = mkdtempSync(join(tmpdir(), 'parley-cpuprof-'));

const demo = await startDemoServer({ mode, execArgv: ['--cpu-prof', `--cpu-prof-dir=${dir}`], env: process.env.BENCH_ENV ? JSON.parse(process.env.BENCH_ENV) as Record<string, string> : {} });
const dialogues = createDialogues(128);
// Fresh dialogues for up to 8,000 turns a second, opened before the load (their CPU is in the
// profile too: a few percent of it).
dialogues.add(await openConversations(demo.url, dialogues.shortfall(seconds * 8_000)));
// V8 stamps a profile's samples with the monotonic clock process.hrtime reads (in µs), in any process.
const nowUs = () => Number(process.hrtime.bigint() / 1000n);
const loadFrom = nowUs();
const result = await autocannon({ url: demo.url, connections, duration: seconds, requests: [{ setupRequest: () => turnRequest(dialogues.next()) }] });
const loadTo = nowUs();
await demo.stop();
console.log(`${result.requests.average} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, non2xx ${result.non2xx}, turns re-using a finished dialogue ${dialogues.reused()}`);

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] }
interface Profile { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number }
// One profile per thread (CPU.<date>.<time>.<pid>.<thread id>.<n>.cpuprofile): the main thread's is 0.
const file = readdirSync(dir).find((f) => /\.\d+\.0\.\d+\.cpuprofile$/.test(f));
if (!file) throw new Error(`no profile in ${dir}`);
const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile;
const self = new Map<number, number>();
// Sample i is taken at startTime + the deltas up to i, and stands for the time until the next one.
let at = profile.startTime;
profile.samples.forEach((id, i) => {
  at += profile.timeDeltas[i] ?? 0;
  if (at >= loadFrom && at <= loadTo) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
});
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const c of node.children ?? []) parent.set(c, node.id);
const total = [...self.values()].reduce((a, b) => a + b, 0);
const label = (node: Node) => `${node.callFrame.functionName || '(anon)'} ${node.callFrame.url.replace(/^.*\/(src|dist|node_modules)\//, '$1/')}:${node.callFrame.lineNumber + 1}`;
const selfBy = new Map<string, number>();
const inclusiveBy = new Map<string, number>();
for (const [id, t] of self) {
  const node = byId.get(id);
  if (!node) continue;
  selfBy.set(label(node), (selfBy.get(label(node)) ?? 0) + t);
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const n2 = byId.get(cur);
    if (!n2) break;
    const l = label(n2);
    if (seen.has(l)) continue;
    seen.add(l);
    inclusiveBy.set(l, (inclusiveBy.get(l) ?? 0) + t);
  }
}
const top = (m: Map<string, number>, k: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k).map(([l, t]) => `${((t / total) * 100).toFixed(1).padStart(5)}%  ${l}`).join('\n');
console.log(`\nself time (total ${(total / 1e6).toFixed(1)} s sampled):\n${top(selfBy, 35)}`);
const srcOnly = new Map([...inclusiveBy].filter(([l]) => /(src|dist)\//.test(l)));
console.log(`\ninclusive, project code:\n${top(srcOnly, 40)}`);
console.log(`\nprofile: ${join(dir, file)}`);
