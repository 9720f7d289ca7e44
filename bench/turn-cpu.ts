// npx tsx bench/turn-cpu.ts [turns=20000] [inFlight=32]: the CPU one visitor turn costs, in process
// (app.inject, so no sockets and no load generator competing for the CPU): the steadiest number on
// a shared machine. Runs the throughput benchmark's dialogues (lib/dialogues.ts), 128 at a time, with `inFlight`
// turns at once, after a warm-up, and prints CPU per turn: the whole process (user + system, every
// thread) and the main thread alone (the event loop, what bounds throughput; from /proc, Linux only).
// For a profile: BENCH_DIST=1 node --cpu-prof --cpu-prof-dir=DIR --import tsx bench/turn-cpu.ts.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDialogues, type Visitor } from './lib/dialogues.js';
import { statCpuSeconds } from './lib/machine-cpu.js';

// `BENCH_DIST=1` runs the build (npm run build), whose profiles keep their line numbers.
const code = process.env.BENCH_DIST === '1' ? '../dist' : '../src';
const { loadConfig } = await import(`${code}/config.js`) as typeof import('../src/config.js');
const { createLogger } = await import(`${code}/observability/logger.js`) as typeof import('../src/observability/logger.js');
const { startServer } = await import(`${code}/server.js`) as typeof import('../src/server.js');

const turns = Number(process.argv[2] ?? 20_000);
const inFlight = Number(process.argv[3] ?? 32);
const config = loadConfig({
  DATABASE_PATH: join(mkdtempSync(join(tmpdir(), 'parley-turn-cpu-')), 'p.db'), HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info',
  RATE_LIMIT_PER_IP_PER_MINUTE: '0', RATE_LIMIT_PER_CONVERSATION_PER_MINUTE: '0',
  ...(process.env.WORKER_THREADS ? { WORKER_THREADS: process.env.WORKER_THREADS } : {}),
});
// Info lines are serialised as in production, then dropped (the cost is pino's, not the terminal's).
const server = await startServer(config, createLogger('info', { write: () => undefined }));
const dialogues = createDialogues(128);
const warmUp = Math.min(3_000, turns);
const visitors: Visitor[] = [];
for (let i = dialogues.shortfall(warmUp + turns); i > 0; i--) {
  const res = await server.app.inject({ method: 'POST', url: '/v1/conversations', headers: { 'content-type': 'application/json' }, payload: '{}' });
  const body = res.json() as { conversation: { id: string }; token: string };
  visitors.push({ id: body.conversation.id, token: body.token });
}
dialogues.add(visitors);

let n = 0;
async function worker(until: number): Promise<void> {
  while (n < until) {
    n++;
    const { visitor, text } = dialogues.next();
    const res = await server.app.inject({
      method: 'POST', url: `/v1/conversations/${visitor.id}/messages`,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${visitor.token}` }, payload: JSON.stringify({ text }),
    });
    if (res.statusCode !== 200) throw new Error(`turn answered ${res.statusCode}: ${res.body}`);
  }
}
/** The main thread's CPU seconds (its own stat file under /proc/self/task). */
const mainThreadCpuSeconds = () => statCpuSeconds(`/proc/self/task/${process.pid}/stat`);

/** Bytes this process has written with write(2) and the like (the WAL, checkpoints): /proc, Linux only. */
function bytesWritten(): number | undefined {
  try {
    return Number(/^wchar: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'))?.[1]);
  } catch {
    return undefined;
  }
}

const run = (count: number) => Promise.all(Array.from({ length: inFlight }, () => worker(n + count)));

await run(warmUp);
const cpu = process.cpuUsage();
const mainBefore = mainThreadCpuSeconds();
const writtenBefore = bytesWritten();
const started = performance.now();
const from = n;
await run(turns);
const { user, system } = process.cpuUsage(cpu);
const mainAfter = mainThreadCpuSeconds();
const writtenAfter = bytesWritten();
const done = n - from;
const main = mainBefore === undefined || mainAfter === undefined ? 'n/a' : (((mainAfter - mainBefore) * 1e6) / done).toFixed(0);
const written = writtenBefore === undefined || writtenAfter === undefined ? 'n/a' : ((writtenAfter - writtenBefore) / done / 1024).toFixed(1);
console.log(`${done} turns, ${inFlight} in flight, WORKER_THREADS=${config.WORKER_THREADS}: ${((user + system) / done).toFixed(0)} µs CPU per turn (user ${(user / done).toFixed(0)}, system ${(system / done).toFixed(0)}), main thread ${main} µs, ${written} KiB written, ${(done / ((performance.now() - started) / 1000)).toFixed(0)} turns/s`);
await server.close();
