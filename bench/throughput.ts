// A full visitor turn under load (autocannon, 32 connections) against the demo server, and in the
// same run the same load against a bare node:http JSON echo: requests/s, p50/p99, and the ratio.
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

export interface ThroughputResult {
  connections: number;
  seconds: number;
  conversations: number;
  turn: LoadResult;
  echo: LoadResult;
  /** turn req/s ÷ echo req/s */
  ratio: number;
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

export async function runThroughput(opts: { connections?: number; seconds?: number; conversations?: number; mode?: 'tsx' | 'dist'; env?: Record<string, string> } = {}): Promise<ThroughputResult> {
  const connections = opts.connections ?? 32;
  const seconds = opts.seconds ?? 10;
  const count = opts.conversations ?? 128;

  const echo = await startEchoServer();
  let echoResult: Awaited<ReturnType<typeof measured>>;
  try {
    const body = JSON.stringify({ text: TEXTS[0], clientMessageId: 'm-1' });
    await autocannon({ url: `${echo.url}/`, connections, duration: 2, method: 'POST', headers: { 'content-type': 'application/json' }, body }); // warm-up
    echoResult = await measured(echo, { url: `${echo.url}/`, connections, duration: seconds, method: 'POST', headers: { 'content-type': 'application/json' }, body });
  } finally {
    await echo.stop();
  }

  const demo = await startDemoServer({ mode: opts.mode ?? 'tsx', ...(opts.env ? { env: opts.env } : {}) });
  let turnResult: Awaited<ReturnType<typeof measured>>;
  try {
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
    await autocannon({ url: demo.url, connections, duration: 2, requests: [{ setupRequest: () => next() }] }); // warm-up (JIT, caches)
    turnResult = await measured(demo, { url: demo.url, connections, duration: seconds, requests: [{ setupRequest: () => next() }] });
  } finally {
    await demo.stop();
  }
  const turn = summarise('full visitor turn', turnResult);
  const echoed = summarise('node:http JSON echo', echoResult);
  return { connections, seconds, conversations: count, turn, echo: echoed, ratio: turn.requestsPerSecond / echoed.requestsPerSecond };
}
