// `parley serve`: run until SIGTERM/SIGINT, then stop taking requests, finish those in flight and
// close the database.
import { ConfigError, loadConfig } from '../config.js';
import { createLogger } from '../observability/logger.js';
import { createServerTurnStages } from '../workers/turn-stages.js';

export async function runServe(): Promise<number> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 78; // EX_CONFIG
    }
    throw err;
  }
  const log = createLogger(config.LOG_LEVEL);
  // The worker thread starts before the rest of the server is even loaded: its ~0.2 s of loading
  // modules and the model overlaps this thread's ~0.3 s of importing server.js instead of
  // following it (docs/benchmarks.md, "Eighth pass"). The server owns it from here.
  const stages = createServerTurnStages(config.WORKER_THREADS, log);
  const { startServer } = await import('../server.js').catch(async (err: unknown) => {
    await stages.close();
    throw err;
  });
  const server = await startServer(config, log, { stages });
  log.info({ url: server.url, demoMode: config.demoMode }, `Parley is listening on ${server.url}`);

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, 'shutting down');
      server.close().then(
        () => resolve(0),
        (err: unknown) => {
          log.error({ err }, 'shutdown failed');
          resolve(1);
        },
      );
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}
