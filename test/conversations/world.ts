// A conversation world: the real app (in-memory SQLite) against the real sandbox panel loaded with
// the demo seed, the real help articles, order directory and service rules.
import type { TestContext } from 'node:test';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { startSandboxPanel, type SandboxPanel } from '../../src/sandbox/server.js';
import { demoSeedPath, loadSeed } from '../../src/sandbox/seed.js';
import { createPanelClient } from '../../src/panel/client.js';
import { knowledgePort } from '../../src/actions/knowledge-port.js';
import { loadKnowledgeBase } from '../../src/knowledge/index.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';
import { builtInPrompts } from '../../src/prompts.js';

export const demoSeed = loadSeed(demoSeedPath);
const knowledge = knowledgePort(loadKnowledgeBase(builtInPrompts.folder('kb')));

export interface World extends TestApp {
  sandbox: SandboxPanel;
}

export async function createWorld(t: TestContext, options: { chatModel?: BaseChatModel; env?: Record<string, string> } = {}): Promise<World> {
  const sandbox = await startSandboxPanel({ seed: demoSeed });
  // A deadline no answer from the loopback sandbox comes near, even on a busy machine: the scripts'
  // panel faults are error statuses, never a wait.
  const panel = createPanelClient({ url: sandbox.url, key: sandbox.key, timeoutMs: 10_000, retries: 1, breaker: { failureThreshold: 3, coolDownMs: 60_000 } });
  const testApp = await buildTestApp(t, { panel, knowledge, seed: demoSeed, ...options });
  t.after(async () => {
    await panel.close();
    await sandbox.close();
  });
  return { ...testApp, sandbox };
}
