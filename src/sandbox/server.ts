// Starts the sandbox panel on a loopback port with a random key (demo mode, the CLI, and tests).
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { buildSandboxApp, SANDBOX_PATH } from './app.js';
import { createFaultController, type FaultController } from './faults.js';
import type { Seed } from './seed.js';

export interface SandboxPanelOptions {
  seed: Seed;
  /** Defaults to 32 random bytes as hex. */
  key?: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  faults?: FaultController;
  /** Require seeds/002 request signatures with this secret. */
  signing?: { secret: string };
}

export interface SandboxPanel {
  /** The API endpoint, e.g. `http://127.0.0.1:41234/api/v2` (what PANEL_URL would hold). */
  url: string;
  key: string;
  faults: FaultController;
  close(): Promise<void>;
}

export async function startSandboxPanel(opts: SandboxPanelOptions): Promise<SandboxPanel> {
  const key = opts.key ?? randomBytes(32).toString('hex');
  const host = opts.host ?? '127.0.0.1';
  const faults = opts.faults ?? createFaultController();
  const app = buildSandboxApp({ seed: opts.seed, key, faults, ...(opts.signing ? { signing: opts.signing } : {}) });
  await app.listen({ host, port: opts.port ?? 0 });
  const { port } = app.server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}${SANDBOX_PATH}`,
    key,
    faults,
    close: () => app.close(),
  };
}
