// Cold start to ready: spawn `parley serve` (DEMO mode, fresh database) and time until GET /readyz
// answers 200. Several runs; the first pays for cold file caches.
import { startDemoServer, type DemoServerOptions } from './lib/processes.js';

export interface ColdStartResult {
  mode: 'tsx' | 'dist';
  runs: number[];
  median: number;
  min: number;
}

export async function measureColdStart(runs = 5, mode: DemoServerOptions['mode'] = 'tsx'): Promise<ColdStartResult> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const server = await startDemoServer({ mode });
    times.push(server.readyMs);
    await server.stop();
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { mode: mode ?? 'tsx', runs: times, median: sorted[Math.floor(sorted.length / 2)] ?? 0, min: sorted[0] ?? 0 };
}

// npx tsx bench/cold-start.ts [runs=5] [dist|tsx] (dist needs `npm run build` first)
if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await measureColdStart(Number(process.argv[2] ?? 5), process.argv[3] === 'tsx' ? 'tsx' : 'dist')));
}
