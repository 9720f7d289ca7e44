// The demo server as the benchmarks run it: `parley serve` in DEMO mode, rate limits off, a fresh
// database, on 127.0.0.1 in its own process, so the load generator never shares its event loop.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromRoot } from '../../src/paths.js';

export interface Child {
  url: string;
  child: ChildProcess;
  /** Milliseconds from spawn to the first 200 on the ready path. */
  readyMs: number;
  /** The process's resident memory now and at its peak, in MiB (from /proc; undefined elsewhere). */
  memoryMiB(): { rss: number; peak: number } | undefined;
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

function memoryReader(child: ChildProcess): Child['memoryMiB'] {
  return () => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
      return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
    } catch {
      return undefined;
    }
  };
}

/** Stops the process (SIGTERM, SIGKILL after 5 s), then removes its database folder. */
function stopper(child: ChildProcess, dir: string): () => Promise<void> {
  const done = (resolve: () => void) => () => {
    rmSync(dir, { recursive: true, force: true });
    resolve();
  };
  return () => new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return done(resolve)();
    child.once('exit', done(resolve));
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
  });
}

export interface DemoServerOptions {
  /** `tsx` runs src/cli.ts through the TypeScript loader (as the tests do); `dist` runs the build. */
  mode?: 'tsx' | 'dist';
  env?: Record<string, string>;
}

/** The V8 flags `npm start` runs the service with (package.json), so the bench measures that process. */
export function startFlags(): string[] {
  const pkg = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { scripts: { start: string } };
  return /\bnode((?: --[\w-]+=\S+)*) dist\/cli\.js serve\b/.exec(pkg.scripts.start)?.[1]?.trim().split(' ').filter(Boolean) ?? [];
}

/** `parley serve` in DEMO mode (the sandbox panel), a fresh database, no rate limits. */
export async function startDemoServer(opts: DemoServerOptions = {}): Promise<Child> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-'));
  const args = opts.mode === 'dist' ? [...startFlags(), fromRoot('dist', 'cli.js'), 'serve'] : ['--import', 'tsx', fromRoot('src', 'cli.ts'), 'serve'];
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
  const stop = stopper(child, dir);
  const readyMs = await waitReady(`${url}/readyz`, child, started, 30_000).catch(async (err: unknown) => {
    await stop();
    throw err;
  });
  return { url, child, readyMs, memoryMiB: memoryReader(child), stop };
}
