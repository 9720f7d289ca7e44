// Process wiring: config → database → panel (or the demo sandbox) → buildApp → listen, and a
// graceful close on SIGTERM/SIGINT. Nothing here decides behaviour.
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { randomIds, systemClock } from './clock.js';
import type { Config } from './config.js';
import { createAgentDirectory } from './agents/agent-directory.js';
import type { Logger } from './observability/logger.js';
import { createMetrics } from './observability/metrics.js';
import { createPanelClient } from './panel/client.js';
import { startSandboxPanel } from './sandbox/server.js';
import { demoSeedPath, loadSeed } from './sandbox/seed.js';
import { importSeedOrders } from './sandbox/seed-orders.js';
import { createPrompts } from './prompts.js';
import { createChatModelFromConfig } from './replies/llm-model.js';
import { knowledgePort } from './actions/knowledge-port.js';
import { loadPromptContent } from './prompt-content.js';
import { createOrderDirectory } from './orders/directory.js';
import { createOwnershipLimiter } from './orders/ownership.js';
import { createOwnershipEndpoint } from './orders/ownership-endpoint.js';
import { createScheduledImport, type ImportSource } from './orders/scheduled-import.js';
import { createOrderVerifier } from './orders/verifier.js';
import { createServiceCatalogue } from './rules/catalogue.js';
import { createServiceRules } from './rules/service-rules.js';
import { openConfiguredStorage } from './storage/open-configured.js';
import { loadUnderstander } from './understanding/understand.js';

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  close(): Promise<void>;
}

export async function startServer(config: Config, log: Logger): Promise<RunningServer> {
  const closers: (() => Promise<void> | void)[] = [];
  const close = async () => {
    for (const c of closers.reverse()) await c();
  };
  try {
    // A broken model file stops the start rather than failing every visitor's first message.
    loadUnderstander();
    // So does a broken prompt file, the operator's (PROMPTS_DIR) or a built-in one.
    const prompts = createPrompts(config.PROMPTS_DIR);
    if (config.PROMPTS_DIR) log.info({ promptsDir: config.PROMPTS_DIR, ...prompts.layered }, 'operator prompts: replaced files and added files');
    const storage = await openConfiguredStorage(config, log.child({ component: 'storage' }));
    closers.push(() => storage.close());

    const directory = createOrderDirectory(storage.orders, systemClock);
    let currency: string | undefined;
    let panelUrl = config.PANEL_URL;
    let panelKey = config.PANEL_API_KEY;
    if (config.demoMode) {
      const seed = loadSeed(config.SANDBOX_SEED ?? demoSeedPath);
      // The seed's owners fill the order directory, so ownership checks work in the demo.
      const imported = await importSeedOrders(directory, seed, systemClock);
      currency = seed.currency;
      log.info({ orders: imported }, 'demo orders imported into the order directory');
      const sandbox = await startSandboxPanel({ seed });
      closers.push(() => sandbox.close());
      panelUrl = sandbox.url;
      panelKey = sandbox.key;
      log.warn({ sandbox: sandbox.url, seed: config.SANDBOX_SEED ?? 'demo' }, 'DEMO MODE: PANEL_URL is unset, so a sandbox panel with demo data is serving orders');
    }
    const metrics = createMetrics();
    const panel = createPanelClient({
      url: panelUrl as string,
      key: panelKey as string,
      timeoutMs: config.PANEL_TIMEOUT_MS,
      retries: config.PANEL_RETRIES,
      signing: { enabled: config.PANEL_SIGNING },
      log: log.child({ component: 'panel' }),
      onCall: (action, outcome, seconds) => metrics.panelCall(action, outcome, seconds),
    });
    closers.push(() => panel.close());
    const rules = await createServiceRules({
      store: storage.rules,
      panel,
      clock: systemClock,
      log: log.child({ component: 'rules' }),
      refreshMs: config.RULES_REFRESH_MINUTES * 60_000,
      staleMs: config.RULES_STALE_MINUTES * 60_000,
      ...(currency ? { currency } : {}),
    });

    // The shop's own ownership endpoint and scheduled export (docs/orders-and-webhooks.md), when configured.
    const ownershipEndpoint = config.OWNERSHIP_URL && config.OWNERSHIP_SECRET
      ? createOwnershipEndpoint({
        url: config.OWNERSHIP_URL, secret: config.OWNERSHIP_SECRET, timeoutMs: config.OWNERSHIP_TIMEOUT_MS, clock: systemClock,
        log: log.child({ component: 'ownership-endpoint' }), onCall: metrics.orders.ownershipCall, onCacheHit: metrics.orders.ownershipCacheHit,
      })
      : undefined;
    if (ownershipEndpoint) closers.push(() => ownershipEndpoint.close());
    const importSource: ImportSource | null = config.ORDERS_IMPORT_URL
      ? { kind: 'url', url: config.ORDERS_IMPORT_URL, ...(config.ORDERS_IMPORT_TOKEN ? { token: config.ORDERS_IMPORT_TOKEN } : {}) }
      : config.ORDERS_IMPORT_FILE ? { kind: 'file', path: config.ORDERS_IMPORT_FILE } : null;
    const orderImport = importSource
      ? createScheduledImport({
        source: importSource,
        csv: { ...(config.ORDERS_IMPORT_COLUMNS ? { columns: config.ORDERS_IMPORT_COLUMNS } : {}), ...(config.ORDERS_IMPORT_DELIMITER ? { delimiter: config.ORDERS_IMPORT_DELIMITER } : {}) },
        directory, everyMs: config.ORDERS_IMPORT_MINUTES * 60_000, log: log.child({ component: 'order-import' }), onRun: metrics.orders.importRun,
      })
      : undefined;

    const { lexicon, knowledgeBase, shopPolicy, templates, rephrasePrompts } = loadPromptContent(prompts);
    const app = await buildApp({
      config,
      storage,
      agents: createAgentDirectory(storage.agents, systemClock),
      panel,
      directory,
      rules,
      orders: createOrderVerifier({ directory, limiter: createOwnershipLimiter(storage.counters, systemClock), ...(ownershipEndpoint ? { endpoint: ownershipEndpoint } : {}) }),
      ...(orderImport ? { orderImport } : {}),
      services: createServiceCatalogue(rules, lexicon),
      knowledge: knowledgePort(knowledgeBase),
      lexicon,
      shopPolicy,
      chatModel: await createChatModelFromConfig(config),
      templates,
      rephrasePrompts,
      clock: systemClock,
      ids: randomIds,
      log,
      metrics,
    });
    closers.push(() => app.close());
    const url = await app.listen({ port: config.PORT, host: config.HOST });
    return { app, url, close };
  } catch (err) {
    await close();
    throw err;
  }
}
