// startTestServer: the whole service in this process, as `parley serve` runs it (startServer), on
// 127.0.0.1 with a free port, a temporary SQLite file, DEMO mode (the sandbox panel) and no rate
// limits. For tests that need a real socket: browsers, EventSource, fetch.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAgentDirectory } from '../../src/agents/agent-directory.js';
import { systemClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/observability/logger.js';
import { startServer } from '../../src/server.js';
import { openSqliteStorage } from '../../src/storage/sqlite/index.js';

export interface TestServer {
  url: string;
  /** Issues a console token for a (new or existing) agent, as `parley agents add <name> [--display-name …]` does. */
  createAgentToken(name: string, displayName?: string): Promise<string>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  /** Extra environment for loadConfig (e.g. HANDOFF_EXPIRE_MINUTES). */
  env?: Record<string, string>;
  /** pino level; silent unless a test wants to read the log. */
  logLevel?: string;
}

export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-test-server-'));
  const databasePath = join(dir, 'parley.db');
  const config = loadConfig({
    DATABASE_PATH: databasePath,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_IP_PER_MINUTE: '0',
    RATE_LIMIT_PER_CONVERSATION_PER_MINUTE: '0',
    ...opts.env,
  });
  const server = await startServer(config, createLogger(opts.logLevel ?? 'silent'));
  // A second connection to the same file, as the `agents` command uses: the server reads agents
  // from the database on every request, so a token made here works at once.
  const storage = openSqliteStorage({ path: databasePath });
  const agents = createAgentDirectory(storage.agents, systemClock);
  let closed = false;
  return {
    url: server.url,
    createAgentToken: async (name, displayName) => agents.issueToken(name, displayName),
    async close() {
      if (closed) return;
      closed = true;
      try {
        await server.close();
      } finally {
        await storage.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
