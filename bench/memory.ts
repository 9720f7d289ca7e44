// Memory growth per 10,000 idle conversations. Run in its own process with --expose-gc (bench/run.ts
// does): the whole app as `serve` builds it, in this process on a temporary SQLite file; open N
// conversations over inject (each: a greeting, stored), collect garbage, compare RSS and heap; then
// N more. The first batch also pays one-off costs (SQLite's page cache and malloc's arenas filling
// up); the second shows what each further batch costs. Prints one JSON line.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/observability/logger.js';
import { startServer } from '../src/server.js';

export interface MemoryResult {
  conversations: number;
  gc: boolean;
  rssBeforeMiB: number;
  rssAfterMiB: number;
  rssGrowthMiB: number;
  heapGrowthMiB: number;
  /** RSS growth over the next `conversations` opened after the first batch. */
  nextRssGrowthMiB: number;
  openSeconds: number;
}

const MiB = 1024 * 1024;
const gc = (globalThis as { gc?: () => void }).gc;

async function settle(): Promise<NodeJS.MemoryUsage> {
  for (let i = 0; i < 3; i++) {
    gc?.();
    await new Promise((r) => setTimeout(r, 50));
  }
  return process.memoryUsage();
}

export async function measureMemory(count = 10_000): Promise<MemoryResult> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-mem-'));
  const config = loadConfig({
    DATABASE_PATH: join(dir, 'parley.db'), HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_IP_PER_MINUTE: '0', RATE_LIMIT_PER_CONVERSATION_PER_MINUTE: '0',
  });
  const server = await startServer(config, createLogger('silent'));
  try {
    const open = () => server.app.inject({ method: 'POST', url: '/v1/conversations', headers: { 'content-type': 'application/json' }, payload: '{}' });
    for (let i = 0; i < 200; i++) await open(); // warm-up: JIT, statement caches, pools
    const openBatch = async () => {
      for (let i = 0; i < count; i++) {
        const res = await open();
        if (res.statusCode !== 201) throw new Error(`open conversation: ${res.statusCode}`);
      }
    };
    const before = await settle();
    const started = performance.now();
    await openBatch();
    const openSeconds = (performance.now() - started) / 1000;
    const after = await settle();
    await openBatch();
    const next = await settle();
    return {
      conversations: count,
      gc: gc !== undefined,
      rssBeforeMiB: before.rss / MiB,
      rssAfterMiB: after.rss / MiB,
      rssGrowthMiB: (after.rss - before.rss) / MiB,
      heapGrowthMiB: (after.heapUsed - before.heapUsed) / MiB,
      nextRssGrowthMiB: (next.rss - after.rss) / MiB,
      openSeconds,
    };
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '\0')) {
  const n = Number(process.argv[2] ?? 10_000);
  console.log(JSON.stringify(await measureMemory(n)));
}
