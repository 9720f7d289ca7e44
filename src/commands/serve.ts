// `parley serve`: run until SIGTERM/SIGINT, then stop taking requests, finish those in flight and
// close the database.
import { ConfigError, loadConfig } from '../config.js';
import { createLogger } from '../observability/logger.js';
import { startServer } from '../server.js';

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
  const server = await startServer(config, log);
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
