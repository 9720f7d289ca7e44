// A real loopback sandbox panel (demo seed) and a client pointed at it, closed after the test.
import type { TestContext } from 'node:test';
import { createPanelClient, type PanelClientOptions } from '../../src/panel/client.js';
import { demoSeedPath, loadSeed, type Seed } from '../../src/sandbox/seed.js';
import { startSandboxPanel, type SandboxPanel, type SandboxPanelOptions } from '../../src/sandbox/server.js';
import type { PanelClient } from '../../src/panel/types.js';

let cachedSeed: Seed | undefined;
export const demoSeed = (): Seed => (cachedSeed ??= loadSeed(demoSeedPath));

export async function startTestSandbox(t: TestContext, opts: Partial<SandboxPanelOptions> = {}): Promise<SandboxPanel> {
  const sandbox = await startSandboxPanel({ seed: demoSeed(), ...opts });
  t.after(() => sandbox.close());
  return sandbox;
}

/** A client of the sandbox; a test of deadlines sets its own short `timeoutMs` (this one holds on a busy machine). */
export function clientFor(t: TestContext, sandbox: SandboxPanel, opts: Partial<PanelClientOptions> = {}): PanelClient {
  const client = createPanelClient({ url: sandbox.url, key: sandbox.key, timeoutMs: 10_000, ...opts });
  t.after(() => client.close());
  return client;
}
