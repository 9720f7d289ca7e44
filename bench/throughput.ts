// A full visitor turn under load (autocannon, 32 connections) against the demo server, and in the
// same run the same load against a bare node:http JSON echo: requests/s, p50/p99, and the ratio.
// The turns are those of live dialogues (lib/dialogues.ts), each from a fresh conversation opened
// before the run it is used in (opening is not measured).
// The two alternate for several rounds (echo, turn, echo, turn…) and the round with the median
// ratio is the headline: on a shared machine one round can differ from the next by a third.
import autocannon, { type Options, type Result } from 'autocannon';
import { createDialogues, DIALOGUE, openConversations, turnRequest } from './lib/dialogues.js';
import { machineUse, readMachineCpu, type MachineUse } from './lib/machine-cpu.js';
import { startDemoServer, startEchoServer, type Child } from './lib/processes.js';

export interface LoadResult {
  name: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  max: number;
  total: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** The server process's CPU time (user + system) per answered request, in µs: steadier than req/s
   * on a shared machine, since it does not count time the server spent waiting for a CPU. */
  serverCpuUsPerRequest: number | null;
  /** The load generator's CPU per request (this process: autocannon runs in it), in µs. */
  loadGeneratorCpuUsPerRequest: number | null;
  /** The whole machine during the load (lib/machine-cpu.ts); null where /proc is missing. */
  machine: MachineUse | null;
}

export interface Round {
  turn: LoadResult;
  echo: LoadResult;
  /** turn req/s ÷ echo req/s */
  ratio: number;
}

export interface ThroughputResult extends Round {
  connections: number;
  seconds: number;
  conversations: number;
  /** Every round in order; the top-level turn, echo and ratio are the round with the median ratio. */
  rounds: Round[];
  /** Turns that found no fresh conversation and re-used a finished dialogue's (0 unless the server outran the estimate). */
  reusedTurns: number;
  /** The share of each policy decision among the server's turns (its /metrics), warm-ups included: what kind of turn was measured. */
  decisions: Record<string, number>;
}

/** Turns per policy decision kind, from the server's `parley_turns_total`, as shares of all turns. */
export async function decisionShares(url: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const counts = new Map<string, number>();
  for (const match of text.matchAll(/^parley_turns_total\{[^}]*decision="([a-z_]+)"[^}]*\} (\d+)/gm)) {
    counts.set(match[1] as string, (counts.get(match[1] as string) ?? 0) + Number(match[2]));
  }
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  return Object.fromEntries([...counts].sort((a, b) => b[1] - a[1]).map(([decision, n]) => [decision, total ? n / total : 0]));
}

interface Measured {
  result: Result;
  /** The server's CPU seconds during the load. */
  cpuSeconds: number | undefined;
  /** This process's (the load generator's) CPU µs during the load. */
  loadGeneratorUs: number;
  machine: MachineUse | null;
}

/** Runs the load and reads the CPU time around it: the server's, the load generator's and the machine's. */
async function measured(server: Child, options: Options): Promise<Measured> {
  const before = server.cpuSeconds();
  const machineBefore = readMachineCpu();
  const ownBefore = process.cpuUsage();
  const result = await autocannon(options);
  const own = process.cpuUsage(ownBefore);
  const machineAfter = readMachineCpu();
  const after = server.cpuSeconds();
  return {
    result,
    cpuSeconds: before === undefined || after === undefined ? undefined : after - before,
    loadGeneratorUs: own.user + own.system,
    machine: machineUse(machineBefore, machineAfter, result.requests.total),
  };
}

const summarise = (name: string, { result: r, cpuSeconds, loadGeneratorUs, machine }: Measured): LoadResult => ({
  name,
  requestsPerSecond: r.requests.average,
  p50: r.latency.p50,
  p99: r.latency.p99,
  max: r.latency.max,
  total: r.requests.total,
  non2xx: r.non2xx,
  errors: r.errors,
  timeouts: r.timeouts,
  serverCpuUsPerRequest: cpuSeconds === undefined || r.requests.total === 0 ? null : (cpuSeconds * 1e6) / r.requests.total,
  loadGeneratorCpuUsPerRequest: r.requests.total === 0 ? null : loadGeneratorUs / r.requests.total,
  machine,
});

export async function runThroughput(opts: { connections?: number; seconds?: number; conversations?: number; rounds?: number; mode?: 'tsx' | 'dist'; env?: Record<string, string> } = {}): Promise<ThroughputResult> {
  const connections = opts.connections ?? 32;
  const seconds = opts.seconds ?? 10;
  const count = opts.conversations ?? 128;
  const roundCount = Math.max(1, opts.rounds ?? 3);

  const echo = await startEchoServer();
  let demo: Child | undefined;
  try {
    const server = await startDemoServer({ mode: opts.mode ?? 'tsx', ...(opts.env ? { env: opts.env } : {}) });
    demo = server;
    const echoLoad: Options = { url: `${echo.url}/`, connections, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: DIALOGUE[0], clientMessageId: 'm-1' }) };
    const dialogues = createDialogues(count);
    // Enough fresh conversations for `runSeconds` at twice the fastest rate seen so far (the warm-up
    // runs before the JIT has settled), at least 10,000 turns/s; opened now, between runs, so the
    // opening is not measured.
    const prepare = async (rate: number, runSeconds: number) => {
      dialogues.add(await openConversations(server.url, dialogues.shortfall(Math.ceil(Math.max(2 * rate, 10_000) * runSeconds))));
    };
    const turnLoad: Options = { url: server.url, connections, requests: [{ setupRequest: () => turnRequest(dialogues.next()) }] };
    // Warm-ups (JIT, caches), then the rounds.
    await autocannon({ ...echoLoad, duration: 2 });
    await prepare(10_000, 2);
    let fastest = (await autocannon({ ...turnLoad, duration: 2 })).requests.average;
    const rounds: Round[] = [];
    for (let r = 0; r < roundCount; r++) {
      await prepare(fastest, seconds);
      const echoed = summarise('node:http JSON echo', await measured(echo, { ...echoLoad, duration: seconds }));
      const turn = summarise('full visitor turn', await measured(server, { ...turnLoad, duration: seconds }));
      fastest = Math.max(fastest, turn.requestsPerSecond);
      rounds.push({ turn, echo: echoed, ratio: turn.requestsPerSecond / echoed.requestsPerSecond });
    }
    const median = [...rounds].sort((a, b) => a.ratio - b.ratio)[Math.floor(rounds.length / 2)] as Round;
    return { connections, seconds, conversations: count, ...median, rounds, reusedTurns: dialogues.reused(), decisions: await decisionShares(server.url) };
  } finally {
    await echo.stop();
    await demo?.stop();
  }
}
