// buildTestApp: the real buildApp with an in-memory database, a fixed clock, sequential ids, a
// captured log and whatever panel the test gives it.
import { Writable } from 'node:stream';
import type { TestContext } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp, type Deps } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createAgentDirectory } from '../../src/agents/agent-directory.js';
import { openSqliteStorage } from '../../src/storage/sqlite/index.js';
import { openPostgresStorage } from '../../src/storage/postgres/index.js';
import type { Storage } from '../../src/storage/port.js';
import { randomIds } from '../../src/clock.js';
import type { Db } from '../../src/storage/sqlite/open.js';
import { createLogger } from '../../src/observability/logger.js';
import { loadUnderstander } from '../../src/understanding/understand.js';
import type { Knowledge, OrderVerifier, ServiceCatalogue } from '../../src/actions/act.js';
import type { PanelClient } from '../../src/panel/types.js';
import { loadTemplates } from '../../src/replies/templates.js';
import { fixedClock, sequentialIds, type TestClock } from './deterministic.js';
import { createOrderDirectory } from '../../src/orders/directory.js';
import { createOwnershipLimiter } from '../../src/orders/ownership.js';
import { importSeedOrders } from '../../src/sandbox/seed-orders.js';
import { createOrderVerifier } from '../../src/orders/verifier.js';
import { createServiceCatalogue } from '../../src/rules/catalogue.js';
import { loadLexicon } from '../../src/language/lexicon.js';
import { loadShopPolicy } from '../../src/knowledge/index.js';
import { createServiceRules, type ServiceRules } from '../../src/rules/service-rules.js';
import type { Seed } from '../../src/sandbox/seed.js';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { builtInPrompts } from '../../src/prompts.js';
import type { BusinessHours } from '../../src/handoff/business-hours.js';

export interface TestApp {
  app: FastifyInstance;
  /** With the SQLite connection, for tests that look at (or break) what is stored; the app never sees it. */
  deps: Deps & { db: Db };
  clock: TestClock;
  /** Every log line written so far, raw. */
  logs(): string;
}

/** A panel for tests that must not reach one: any call fails the test loudly. */
export const unreachablePanel: PanelClient = {
  services: () => Promise.reject(new Error('panel not expected in this test')),
  status: () => Promise.reject(new Error('panel not expected in this test')),
  statuses: () => Promise.reject(new Error('panel not expected in this test')),
  refillStatus: () => Promise.reject(new Error('panel not expected in this test')),
  balance: () => Promise.reject(new Error('panel not expected in this test')),
  breakerState: () => 'closed',
  close: async () => undefined,
};

const templates = loadTemplates(builtInPrompts.folder('replies'));

export interface TestAppOverrides {
  env?: Record<string, string>;
  panel?: PanelClient;
  databasePath?: string;
  /**
   * A PostgreSQL database instead (test/helpers/postgres.ts): several test apps on one URL are
   * several instances. Ids are then random, as two instances' must not collide.
   */
  databaseUrl?: string;
  orders?: OrderVerifier;
  services?: ServiceCatalogue;
  knowledge?: Knowledge;
  /** Demo data: its orders fill the directory and the panel's services fill the rules cache. */
  seed?: Seed;
  /** A chat model for the optional LLM writer (FakeListChatModel in tests). */
  chatModel?: BaseChatModel;
  /** The service rules (default: a cache over the seed's panel, or over an empty catalogue). */
  rules?: ServiceRules;
  /** The Telegram channel's retry waits (test/helpers/telegram-api.ts: recorded, not waited). */
  telegramTiming?: Deps['telegramTiming'];
  /** The shop policy's business hours (default: the shipped policy's, none: always staffed). */
  businessHours?: BusinessHours;
}

/** Defaults for tests that do not look orders up: nobody owns anything, nothing is documented. */
const noOrders: OrderVerifier = { verify: async () => ({ ok: false, lockedOut: false }) };
const noServices: ServiceCatalogue = {
  describe: () => null, find: () => [], alternatives: () => [], withDripfeed: () => [],
  status: () => ({ fetchedAt: null, stale: true, failing: false }),
};
const noKnowledge: Knowledge = { rank: () => [] };
/** The shipped language data: what the policy reads messages with. */
export const lexicon = loadLexicon(builtInPrompts.folder('language'));
const shopPolicy = loadShopPolicy(builtInPrompts.file('policy', 'shop-policy.md'));
/** What the rules cache asks when a test gave no seed: an empty catalogue, no panel traffic. */
const noServicesPanel = { services: async () => [], balance: () => Promise.reject(new Error('no balance in tests')) };

export async function buildTestApp(t: TestContext, overrides: TestAppOverrides = {}): Promise<TestApp> {
  let captured = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      captured += chunk.toString('utf8');
      done();
    },
  });
  // As the server does before it listens: the model loads before the first turn, not inside it (a
  // second-long first turn would read as event-loop pressure to the load shedder on a busy machine).
  loadUnderstander();
  const config = loadConfig({ PANEL_URL: 'https://panel.test/api/v2', PANEL_API_KEY: 'test-key-not-real', LOG_LEVEL: 'info', ...overrides.env });
  const storage: Storage & { db?: Db } = overrides.databaseUrl
    ? await openPostgresStorage({ url: overrides.databaseUrl })
    : openSqliteStorage({ path: overrides.databasePath ?? ':memory:' });
  const db = storage.db as Db; // undefined on PostgreSQL: those tests read rows through the port
  const clock = fixedClock();
  const log = createLogger('info', sink);
  const directory = createOrderDirectory(storage.orders, clock);
  const rules = overrides.rules ?? await createServiceRules({
    store: storage.rules, clock, log, refreshMs: 15 * 60_000, staleMs: 120 * 60_000,
    panel: overrides.seed ? (overrides.panel ?? unreachablePanel) : noServicesPanel,
    ...(overrides.seed ? { currency: overrides.seed.currency } : {}),
  });
  if (overrides.seed) {
    await importSeedOrders(directory, overrides.seed, clock);
    await rules.refresh();
  }
  const deps: Deps & { db: Db } = {
    config,
    db,
    storage,
    agents: createAgentDirectory(storage.agents, clock),
    panel: overrides.panel ?? unreachablePanel,
    orders: overrides.orders ?? (overrides.seed ? createOrderVerifier({ directory, limiter: createOwnershipLimiter(storage.counters, clock) }) : noOrders),
    services: overrides.services ?? (overrides.seed ? createServiceCatalogue(rules, lexicon) : noServices),
    lexicon,
    shopPolicy: overrides.businessHours ? { ...shopPolicy, businessHours: overrides.businessHours } : shopPolicy,
    directory,
    rules,
    knowledge: overrides.knowledge ?? noKnowledge,
    templates,
    clock,
    ids: overrides.databaseUrl ? randomIds : sequentialIds(),
    log,
    ...(overrides.chatModel ? { chatModel: overrides.chatModel } : {}),
    ...(overrides.telegramTiming ? { telegramTiming: overrides.telegramTiming } : {}),
  };
  const app = await buildApp(deps);
  t.after(async () => {
    await app.close();
    await storage.close();
  });
  return { app, deps, clock, logs: () => captured };
}
