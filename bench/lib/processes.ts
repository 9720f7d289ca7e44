// Child processes for the benchmarks: the demo server (`parley serve` in DEMO mode, rate limits off)
// and a bare node:http JSON echo, each on 127.0.0.1 in its own process so the load generator never
// shares their event loop.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromRoot } from '../../src/paths.js';
import { statCpuSeconds } from './machine-cpu.js';

export interface Child {
  url: string;
  child: ChildProcess;
  /** CPU seconds (user + system) the process has used so far; undefined where /proc is missing. */
  cpuSeconds(): number | undefined;
  /** Milliseconds from spawn to the first 200 on the ready path. */
  readyMs: number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitReady(url: string, child: ChildProcess, started: number, timeoutMs: number): Promise<number> {
  let exited = false;
  child.once('exit', () => { exited = true; });
  while (performance.now() - started < timeoutMs) {
    if (exited) throw new Error(`process exited before ${url} was ready`);
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.status === 200) return performance.now() - started;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  child.kill('SIGKILL');
  throw new Error(`${url} not ready in ${timeoutMs} ms`);
}

function cpuReader(child: ChildProcess): () => number | undefined {
  return () => statCpuSeconds(`/proc/${child.pid}/stat`);
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () => new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
  });
}

export interface DemoServerOptions {
  /** `tsx` runs src/cli.ts through the TypeScript loader (as the tests do); `dist` runs the build. */
  mode?: 'tsx' | 'dist';
  env?: Record<string, string>;
  /** Extra node flags before the script (e.g. `--cpu-prof`). */
  execArgv?: string[];
}

/** `parley serve` in DEMO mode (the sandbox panel), a fresh database, no rate limits. */
export async function startDemoServer(opts: DemoServerOptions = {}): Promise<Child> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-'));
  const args = [...(opts.execArgv ?? []), ...(opts.mode === 'dist' ? [fromRoot('dist', 'cli.js'), 'serve'] : ['--import', 'tsx', fromRoot('src', 'cli.ts'), 'serve'])];
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: fromRoot(),
    env: {
      PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), DATABASE_PATH: join(dir, 'parley.db'),
      RATE_LIMIT_PER_IP_PER_MINUTE: '0', RATE_LIMIT_PER_CONVERSATION_PER_MINUTE: '0', LOG_LEVEL: 'info', NODE_ENV: 'production',
      ...opts.env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const readyMs = await waitReady(`${url}/readyz`, child, started, 30_000);
  return { url, child, readyMs, cpuSeconds: cpuReader(child), stop: stopper(child) };
}

/** The baseline: node:http, read the body, JSON.parse, JSON.stringify it back. */
export async function startEchoServer(): Promise<Child> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', fromRoot('bench', 'lib', 'echo-server.ts')], {
    cwd: fromRoot(), env: { PATH: process.env.PATH ?? '', PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const readyMs = await waitReady(`${url}/ready`, child, started, 15_000);
  return { url, child, readyMs, cpuSeconds: cpuReader(child), stop: stopper(child) };
}
