// `parley sandbox [--seed <file>] [--port <n>] [--key <key>]`: runs the sandbox panel alone on
// loopback until SIGINT/SIGTERM. Standard output carries the result (URL and key, in .env form).
import { parseArgs } from 'node:util';
import { demoSeedPath, loadSeed } from './seed.js';
import { startSandboxPanel } from './server.js';

const USAGE = 'usage: parley sandbox [--seed <file>] [--port <n>] [--key <key>]\n';

export async function runSandboxCommand(args: string[]): Promise<number> {
  let values: { seed?: string | undefined; port?: string | undefined; key?: string | undefined; help?: boolean | undefined };
  try {
    ({ values } = parseArgs({
      args,
      options: { seed: { type: 'string' }, port: { type: 'string' }, key: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    process.stderr.write(`invalid --port\n${USAGE}`);
    return 2;
  }
  const seedPath = values.seed ?? demoSeedPath;
  const seed = loadSeed(seedPath);
  const sandbox = await startSandboxPanel({ seed, port, ...(values.key ? { key: values.key } : {}) });
  process.stdout.write(`PANEL_URL=${sandbox.url}\nPANEL_API_KEY=${sandbox.key}\n`);
  process.stderr.write(`sandbox panel serving ${seed.services.length} services and ${seed.orders.length} orders from ${seedPath}; Ctrl-C to stop\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await sandbox.close();
  return 0;
}
