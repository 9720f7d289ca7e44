// A full visitor turn under load (autocannon, 32 connections) against the demo server, and in the
// same run the same load against a bare node:http JSON echo: requests/s, p50/p99, and the ratio.
// The two alternate for several rounds (echo, turn, echo, turn…) and the round with the median
// ratio is the headline: on a shared machine one round can differ from the next by a third.
import autocannon, { type Options, type Result } from 'autocannon';
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
}

export const TEXTS = [
  'hello there',
  'how long does delivery usually take?',
  'my api returns "Incorrect request", what does it mean?',
  'I want a refund',
  'where is my order 4829113?',
  'do you offer refills on instagram followers?',
  'what is your cancellation policy',
  'thanks, bye',
];

/** Runs the load and reads the server's CPU time around it. */
async function measured(server: Child, options: Options): Promise<{ result: Result; cpuSeconds: number | undefined }> {
  const before = server.cpuSeconds();
  const result = await autocannon(options);
  const after = server.cpuSeconds();
  return { result, cpuSeconds: before === undefined || after === undefined ? undefined : after - before };
}

const summarise = (name: string, { result: r, cpuSeconds }: { result: Result; cpuSeconds: number | undefined }): LoadResult => ({
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
});

export async function openConversations(url: string, n: number): Promise<{ id: string; token: string }[]> {
  const out: { id: string; token: string }[] = [];
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${url}/v1/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const body = (await res.json()) as { conversation: { id: string }; token: string };
    out.push({ id: body.conversation.id, token: body.token });
  }
  return out;
}

export async function runThroughput(opts: { connections?: number; seconds?: number; conversations?: number; rounds?: number; mode?: 'tsx' | 'dist'; env?: Record<string, string> } = {}): Promise<ThroughputResult> {
  const connections = opts.connections ?? 32;
  const seconds = opts.seconds ?? 10;
  const count = opts.conversations ?? 128;
  const roundCount = Math.max(1, opts.rounds ?? 3);

  const echo = await startEchoServer();
  let demo: Child | undefined;
  try {
    demo = await startDemoServer({ mode: opts.mode ?? 'tsx', ...(opts.env ? { env: opts.env } : {}) });
    const echoLoad: Options = { url: `${echo.url}/`, connections, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: TEXTS[0], clientMessageId: 'm-1' }) };
    const conversations = await openConversations(demo.url, count);
    let n = 0;
    // Each request goes to the next conversation with the next text: consecutive requests never
    // queue on one conversation's lock unless the connections outnumber the conversations.
    const next = () => {
      const c = conversations[n % conversations.length];
      const text = TEXTS[Math.floor(n / conversations.length) % TEXTS.length] ?? 'hello';
      n++;
      if (!c) throw new Error('no conversations');
      return {
        method: 'POST',
        path: `/v1/conversations/${c.id}/messages`,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${c.token}` },
        body: JSON.stringify({ text }),
      };
    };
    const turnLoad: Options = { url: demo.url, connections, requests: [{ setupRequest: () => next() }] };
    // Warm-ups (JIT, caches), then the rounds.
    await autocannon({ ...echoLoad, duration: 2 });
    await autocannon({ ...turnLoad, duration: 2 });
    const rounds: Round[] = [];
    for (let r = 0; r < roundCount; r++) {
      const echoed = summarise('node:http JSON echo', await measured(echo, { ...echoLoad, duration: seconds }));
      const turn = summarise('full visitor turn', await measured(demo, { ...turnLoad, duration: seconds }));
      rounds.push({ turn, echo: echoed, ratio: turn.requestsPerSecond / echoed.requestsPerSecond });
    }
    const median = [...rounds].sort((a, b) => a.ratio - b.ratio)[Math.floor(rounds.length / 2)] as Round;
    return { connections, seconds, conversations: count, ...median, rounds };
  } finally {
    await echo.stop();
    await demo?.stop();
  }
}
