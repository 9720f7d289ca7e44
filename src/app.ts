// The composition root: every dependency is created by the caller and wired here, explicitly.
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import { errorHandler } from './channels/error-handler.js';
import { registerHardening, serverOptions, sseHeartbeatMs } from './channels/hardening.js';
import { metricsRoutes } from './channels/metrics.js';
import { zodSchemaController } from './channels/schema-controller.js';
import { opsRoutes } from './channels/ops.js';
import { registerOpenApi } from './channels/openapi.js';
import { createEventStreams } from './channels/sse.js';
import { webhookRoutes } from './channels/webhooks.js';
import { telegramWebhookRoutes } from './channels/telegram-webhook.js';
import { chatwootWebhookRoutes } from './channels/chatwoot-webhook.js';
import { widgetRoutes } from './channels/widget.js';
import type { Clock, IdGen } from './clock.js';
import { conversationOpensPerHour, orderIdPattern, type Config } from './config.js';
import type { Lexicon } from './language/lexicon.js';
import type { ShopPolicy } from './knowledge/index.js';
import { createConversationBus } from './conversation/bus.js';
import { createReplyGuard } from './turn/guard-replies.js';
import type { ConversationDeps } from './conversation/conversations.js';
import { createKeyedMutex } from './turn/keyed-mutex.js';
import type { TurnDeps } from './turn/turn.js';
import { startDelivery, type Delivery } from './messaging/delivery.js';
import { createTelegramChannel, type TelegramTiming } from './messaging/telegram/start.js';
import type { ChannelAdapter } from './messaging/channel.js';
import type { InboundDeps } from './messaging/inbound.js';
import { createChatwootChannel } from './messaging/chatwoot/chatwoot.js';
import { createChatwootClient } from './messaging/chatwoot/client.js';
import { startLiveUpdates } from './conversation/live-updates.js';
import { createTemplateRenderer } from './turn/render-replies.js';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { createLlmRenderer } from './replies/llm-writer.js';
import type { RephrasePrompts } from './replies/llm-prompts.js';
import { AppError } from './errors.js';
import { checkIdentity } from './orders/identity.js';
import { RequestLogController, type Logger } from './observability/logger.js';
import { createMetrics, type Metrics } from './observability/metrics.js';
import type { PanelClient } from './panel/types.js';
import type { Knowledge, OrderVerifier, ServiceCatalogue } from './actions/act.js';
import type { Template } from './replies/templates.js';
import { startCounterPurge } from './security/counter-purge.js';
import { createWindowLimiter } from './security/window-limiter.js';
import { summariseForHandoff } from './handoff/packet.js';
import type { AgentDirectory } from './agents/agent-directory.js';
import { agentRoutes } from './channels/agents.js';
import { pages } from './channels/pages.js';
import { startExpiryTimer } from './handoff/expiry.js';
import { startOverdueTimer } from './handoff/overdue.js';
import { createOverdueWebhook } from './handoff/overdue-webhook.js';
import { createHandoffFeed } from './handoff/feed.js';
import { createHandoffReader } from './handoff/view.js';
import { fromRoot } from './paths.js';
import { maskingRenderer } from './lifecycle/mask.js';
import { createHeldConversations } from './lifecycle/held-conversations.js';
import { createOpenLimiter } from './lifecycle/open-limit.js';
import { HOUR_MS, startRetentionTimer, startUnusedRetentionTimer } from './lifecycle/retention.js';
import type { OrderDirectory } from './orders/directory.js';
import { createWebhookInbox } from './orders/webhook-inbox.js';
import type { ScheduledImport } from './orders/scheduled-import.js';
import type { ServiceRules } from './rules/service-rules.js';
import type { Storage } from './storage/port.js';

export interface Deps {
  config: Config;
  /** Every piece of persistence (storage/port.ts): SQLite or PostgreSQL. */
  storage: Storage;
  panel: PanelClient;
  orders: OrderVerifier;
  services: ServiceCatalogue;
  knowledge: Knowledge;
  templates: ReadonlyMap<string, Template>;
  clock: Clock;
  ids: IdGen;
  log: Logger;
  agents: AgentDirectory;
  /** Optional LLM reply writer (docs/llm.md); undefined means templates only. */
  chatModel?: BaseChatModel;
  /** The writer's prompts (prompts/llm, or the operator's); the built-in ones when not given. */
  rephrasePrompts?: RephrasePrompts;
  /** Who owns which order; fed by panel webhooks, imports and the demo seed. */
  directory: OrderDirectory;
  /** ORDERS_IMPORT_FILE or ORDERS_IMPORT_URL: runs while the app listens, as the rules refresh does. */
  orderImport?: ScheduledImport;
  /** The panel's live service rules; its refresh timer runs while the app is open. */
  rules: ServiceRules;
  /** The words visitors use, per language (prompts/language). */
  lexicon: Lexicon;
  /** The shop's policy values (prompts/policy/shop-policy.md). */
  shopPolicy: Pick<ShopPolicy, 'stalledAfterHours' | 'businessHours'>;
  /** Prometheus metrics; a fresh registry when not given (server.ts shares it with the panel client). */
  metrics?: Metrics;
  /** The Telegram channel's retry waits and jitter (tests: no wall-clock time). */
  telegramTiming?: TelegramTiming;
}

const MINUTE = 60_000;

export async function buildApp(deps: Deps): Promise<FastifyInstance> {
  const { config, clock, ids, templates } = deps;
  const metrics = deps.metrics ?? createMetrics();
  // Made before the load shedder starts sampling the event loop: checking every constant template
  // once (turn/guard-replies.ts) holds the loop for a moment, which would read as pressure.
  const guard = createReplyGuard(templates, (rules) => metrics.guardBlocked(rules));
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    // One "request completed" line per request, when it finishes (docs/observability.md).
    logController: new RequestLogController(),
    genReqId: () => randomUUID(),
    ...serverOptions(config),
    trustProxy: parseTrustProxy(config.TRUST_PROXY),
    // On close, idle keep-alive sockets are closed at once; requests in flight finish (their
    // commit included) before app.close() resolves and the database is closed.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    // Router-level rejections (a malformed %-escape, a path parameter over 100 characters) bypass
    // setErrorHandler; without this they answer in fastify's own shape and echo the path (fuzzing).
    frameworkErrors: (_error, _request, reply) => {
      void (reply as FastifyReply).status(400).send({ error: { code: 'bad_request', message: 'the request address is not valid' } });
    },
    schemaController: zodSchemaController,
  });
  app.setErrorHandler(errorHandler);
  // CORS allow-list, security headers, per-address and 404 rate limits, load shedding, the 404 handler.
  await registerHardening(app, config);
  // Before the routes: the OpenAPI document (GET /openapi.json) is made from the routes registered after it.
  registerOpenApi(app);

  // A live listener that throws is logged and skipped; the change it was told about is committed.
  const onListenerError = (err: unknown) => deps.log.error({ err }, 'live update listener failed');
  const bus = createConversationBus(onListenerError);
  const streams = createEventStreams(app, { perKey: 5, total: 5000, heartbeatMs: sseHeartbeatMs(config) });
  metrics.trackPanelBreaker(() => deps.panel.breakerState());
  metrics.trackPanelKey(() => deps.rules.status().panelKey);
  metrics.trackOpenStreams(() => streams.count());
  const perConversation = createWindowLimiter(config.RATE_LIMIT_PER_CONVERSATION_PER_MINUTE, MINUTE, clock);
  // One lock per conversation for every writer (visitor turns, agents, the expiry sweep).
  const mutex = createKeyedMutex();
  const { conversations: conversationRows, handoffs: handoffRows } = deps.storage;
  const handoffReader = createHandoffReader(conversationRows, handoffRows);
  const handoffFeed = createHandoffFeed(handoffReader, onListenerError);
  // On SQLite, opened conversations are held in memory until the visitor's first message stores
  // them (lifecycle/held-conversations.ts); a graceful stop stores those still held. On PostgreSQL
  // the visitor's next request may reach another instance, so a conversation is stored when it
  // opens: the hourly open limit per address and RETENTION_UNUSED_HOURS bound what that costs.
  const storeOnOpen = deps.storage.kind === 'postgres';
  const held = createHeldConversations({ clock, keepMs: config.RETENTION_UNUSED_HOURS * HOUR_MS, onDrop: (reason) => metrics.conversations.dropped(reason) });
  metrics.conversations.trackHeld(() => held.size());
  const store = held.over(conversationRows);
  // Every committed append, this instance's or another's (watchAppends), read back from the store
  // (the stored rows: a held conversation has no append to tell) and told to the visitors' streams
  // and the agents' feed (conversation/live-updates.ts).
  const live = startLiveUpdates({ storage: deps.storage, store: conversationRows, bus, audience: handoffFeed, onError: onListenerError });
  app.addHook('onClose', () => live.stop());
  const published = live.published;
  const handoffs = { store, published, clock, ids, mutex, handoffs: handoffRows, reader: handoffReader, templates };
  const { businessHours } = deps.shopPolicy;
  const stopExpiry = startExpiryTimer({ ...handoffs, expireAfterMinutes: config.HANDOFF_EXPIRE_MINUTES, ...(businessHours ? { businessHours } : {}) }, deps.log, 30_000);
  app.addHook('onClose', () => stopExpiry());
  if (config.HANDOFF_NOTIFY_URL && config.HANDOFF_NOTIFY_SECRET) {
    const alerts = createOverdueWebhook({
      url: config.HANDOFF_NOTIFY_URL, secret: config.HANDOFF_NOTIFY_SECRET, clock, log: deps.log.child({ component: 'handoff-alerts' }), onOutcome: (o) => metrics.handoffAlert(o),
    });
    const stopOverdue = startOverdueTimer({ ...handoffs, afterMinutes: config.HANDOFF_NOTIFY_AFTER_MINUTES, notify: (alert) => alerts.notify(alert) }, deps.log, 30_000);
    app.addHook('onClose', async () => {
      await stopOverdue();
      await alerts.close();
    });
  }
  // While closing, each answer in flight closes its keep-alive socket: the server's close waits for
  // every open socket, and Node closes only those already idle when close() is called.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });
  // RETENTION_DAYS > 0: a daily purge of conversations idle for longer (lifecycle/retention.ts).
  const retentionLog = deps.log.child({ component: 'retention' });
  const stopRetention = startRetentionTimer({
    store: conversationRows, days: config.RETENTION_DAYS, clock, log: retentionLog, onPurged: (n) => metrics.conversations.purged('idle', n),
  });
  // Conversations in which the visitor never said anything: RETENTION_UNUSED_HOURS, checked hourly.
  const stopUnusedRetention = startUnusedRetentionTimer({
    store: conversationRows, hours: config.RETENTION_UNUSED_HOURS, clock, log: retentionLog, onPurged: (n) => metrics.conversations.purged('unused', n),
  });
  app.addHook('onClose', async () => {
    stopRetention();
    stopUnusedRetention();
    // After the server closed (no turn is in flight), before the database does.
    const stored = await held.storeAll(conversationRows).catch((err: unknown) => {
      deps.log.error({ err }, 'storing held conversations failed');
      return 0;
    });
    if (stored > 0) deps.log.info({ stored }, 'held conversations stored at shutdown');
  });
  // Shared counters (guesses, opens per address) are read over an hour: older hits are purged.
  const stopCounterPurge = startCounterPurge({ counters: deps.storage.counters, clock, log: deps.log.child({ component: 'counters' }) });
  app.addHook('onClose', () => stopCounterPurge());
  const opens = createOpenLimiter({ perHour: conversationOpensPerHour(config), clock, counters: deps.storage.counters });
  const conversations = {
    store, templates, clock, ids,
    hold: async (opened: Parameters<ConversationDeps['hold']>[0]) => {
      if (storeOnOpen) await conversationRows.create(opened);
      else held.hold(opened);
      metrics.conversations.opened();
    },
  };

  const turn: TurnDeps = {
    store,
    actions: {
      orders: deps.orders, panel: deps.panel, services: deps.services, knowledge: deps.knowledge, clock,
      stalledAfterMs: deps.shopPolicy.stalledAfterHours * 3_600_000, panelKeyRefused: () => deps.rules.status().panelKey === 'refused',
    },
    summarise: summariseForHandoff,
    ...(businessHours ? { businessHours } : {}),
    policy: { lexicon: deps.lexicon, orderIdPattern: orderIdPattern(config) },
    // Visitor-supplied emails and references are masked in bot text (lifecycle/mask.ts).
    renderer: maskingRenderer(deps.chatModel
      ? createLlmRenderer({ base: createTemplateRenderer(templates), model: deps.chatModel, deadlineMs: config.LLM_TIMEOUT_MS, log: deps.log.child({ component: 'llm-writer' }), ...(deps.rephrasePrompts ? { prompts: deps.rephrasePrompts } : {}) })
      : createTemplateRenderer(templates)),
    guard,
    published,
    mutex,
    clock,
    ids,
    metrics: metrics.turn,
  };

  await app.register(opsRoutes, {
    ping: () => deps.storage.ping(), panelBreaker: () => deps.panel.breakerState(), panelKey: () => deps.rules.status().panelKey, shedding: () => app.isUnderPressure(),
  });
  await app.register(metricsRoutes, { metrics, ...(config.METRICS_TOKEN ? { token: config.METRICS_TOKEN } : {}) });
  await app.register(widgetRoutes, {
    prefix: '/v1',
    conversations,
    live,
    streams,
    turn,
    verifyIdentity: (userId, userHash) => {
      if (!config.IDENTITY_SECRET) throw new AppError('bad_request', 'identity verification is not configured on this server');
      const identity = checkIdentity(config.IDENTITY_SECRET, userId, userHash);
      if (!identity) throw new AppError('unauthorized', 'the identity could not be verified');
      return identity.userId;
    },
    admitOpen: async (address) => {
      const wait = await opens.take(address);
      if (wait > 0) metrics.conversations.openRefused();
      return wait;
    },
    limitConversation: (id) => {
      if (!perConversation.hit(id)) {
        throw new AppError('rate_limited', "You're sending messages faster than we can answer. Please wait a minute and try again.");
      }
    },
  });
  await app.register(agentRoutes, { prefix: '/v1', agents: deps.agents, handoffs, feed: handoffFeed, streams });
  await app.register(pages, { dir: fromRoot('public'), demo: config.demoMode });
  // Its own scope: the webhook route alone reads the raw body (for the signature).
  await app.register(webhookRoutes, { prefix: '/v1', inbox: createWebhookInbox(deps.directory, clock, metrics.orders.webhookEvent), secrets: config.WEBHOOK_SECRETS, clock });
  // Messenger channels (docs/channels.md): nothing is made, no timer runs, unless one is configured.
  // Every channel's chats go through the same inbound turn and one delivery.
  const adapters: ChannelAdapter[] = [];
  const channelStops: (() => Promise<void>)[] = [];
  let delivery: Delivery | undefined;
  const inbound: InboundDeps = {
    // A chat's conversation is stored when it opens: any instance may get the chat's next update.
    conversations: { ...conversations, hold: async (opened) => {
      await conversationRows.create(opened);
      metrics.conversations.opened();
    } },
    store: conversationRows, links: deps.storage.channels, turn, chats: createKeyedMutex(), clock,
    admitOpen: (key) => opens.take(key),
    greeted: (id) => void delivery?.deliver(id),
  };
  if (config.TELEGRAM_BOT_TOKEN) {
    const telegram = createTelegramChannel({
      config: { ...config, TELEGRAM_BOT_TOKEN: config.TELEGRAM_BOT_TOKEN },
      inbound,
      templates, perChat: perConversation, counters: deps.storage.counters, cursors: deps.storage.channels, clock,
      log: deps.log.child({ component: 'telegram' }), metrics: metrics.channels,
      ...(deps.telegramTiming ? { timing: deps.telegramTiming } : {}),
    });
    adapters.push(telegram.adapter);
    channelStops.push(() => telegram.stop());
    if (config.TELEGRAM_MODE === 'webhook') {
      await app.register(telegramWebhookRoutes, { prefix: '/v1', secret: config.TELEGRAM_WEBHOOK_SECRET as string, handle: telegram.handle });
    }
    app.addHook('onListen', async () => telegram.start());
  }
  if (config.CHATWOOT_BASE_URL && config.CHATWOOT_BOT_TOKEN && config.CHATWOOT_WEBHOOK_TOKEN) {
    const chatwoot = createChatwootChannel({
      client: createChatwootClient({ baseUrl: config.CHATWOOT_BASE_URL, token: config.CHATWOOT_BOT_TOKEN, onCall: metrics.channels.chatwootCall }),
      inbound, handoff: handoffs, handoffs: handoffRows, inbox: deps.storage.channels, perChat: perConversation, clock,
      log: deps.log.child({ component: 'chatwoot' }), onEvent: metrics.channels.chatwootEvent,
    });
    adapters.push(chatwoot.adapter);
    channelStops.push(() => chatwoot.stop());
    await app.register(chatwootWebhookRoutes, { prefix: '/v1', token: config.CHATWOOT_WEBHOOK_TOKEN, receive: chatwoot.receive });
    app.addHook('onListen', async () => chatwoot.start());
  }
  if (adapters.length > 0) {
    delivery = startDelivery({
      storage: deps.storage, links: deps.storage.channels, store: conversationRows, adapters,
      owner: randomUUID(), clock, log: deps.log.child({ component: 'delivery' }), metrics: metrics.channels,
    });
    // After the server closed: the messages in hand finish (their turns commit), then what they said is delivered.
    app.addHook('onClose', async () => {
      for (const stop of channelStops) await stop();
      await delivery?.stop();
    });
  }
  // From the moment the server listens (an app only injected into, in tests, fetches on demand):
  // the first refresh, and the panel client's loading with it, come after the server is ready.
  app.addHook('onListen', async () => deps.rules.start());
  app.addHook('onClose', async () => deps.rules.stop());
  // The scheduled order import likewise; its stop waits for a run under way, before the database closes.
  app.addHook('onListen', async () => deps.orderImport?.start());
  app.addHook('onClose', async () => deps.orderImport?.stop());
  return app;
}

/** TRUST_PROXY lists the proxies in front; never `true` or a hop count (any client could spoof). */
function parseTrustProxy(value: string | undefined): string[] | false {
  if (!value) return false;
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}
