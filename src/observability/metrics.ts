// Prometheus metrics (docs/observability.md). Each `createMetrics()` owns its own Registry, so tests
// and several apps in one process never collide, and nothing touches prom-client's global one.
// No personal data in label values: every label comes from a closed vocabulary (intents, decision
// kinds, handoff reasons, guard rule ids, panel actions and error kinds), the types below accept
// only those unions, and anything else that reaches a label at run time becomes `other`.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { HANDOFF_REASONS, type HandoffReason } from '../conversation/events.js';
import { TURN_STAGES, type TurnMetrics, type TurnStage } from '../turn/turn.js';
import { GUARD_RULE_IDS, type GuardRuleId } from '../guard/index.js';
import { PANEL_ACTIONS, type PanelAction } from '../panel/client.js';
import { PANEL_ERROR_KINDS, type PanelErrorKind } from '../panel/errors.js';
import type { PanelKeyState } from '../rules/service-rules.js';
import type { BreakerState } from '../panel/types.js';
import type { DecisionKind } from '../policy/decision.js';
import { INTENTS, type Intent } from '../understanding/vocabulary.js';
import { EVENT_TYPES, type EventType } from '../orders/webhook-event.js';
import type { DeliveryMetrics } from '../messaging/delivery.js';
import { TELEGRAM_METHODS, type TelegramMethod, type TelegramOutcome } from '../messaging/telegram/client.js';
import { UPDATE_KINDS, type UpdateKind } from '../messaging/telegram/telegram.js';
import { CHATWOOT_CALLS, CHATWOOT_OUTCOMES, type ChatwootCall, type ChatwootOutcome } from '../messaging/chatwoot/client.js';
import { EVENT_KINDS as CHATWOOT_EVENT_KINDS, type EventKind as ChatwootEventKind } from '../messaging/chatwoot/chatwoot.js';

export const METRICS_PREFIX = 'parley_';

const DECISION_KINDS = ['smalltalk', 'ask', 'lookup', 'answer', 'explain', 'escalate', 'silent'] as const satisfies readonly DecisionKind[];
/** `reply-too-long` is the guard's size check, outside the rule list. */
export type GuardBlockRule = GuardRuleId | 'reply-too-long';
const GUARD_BLOCK_RULES: readonly GuardBlockRule[] = [...GUARD_RULE_IDS, 'reply-too-long'];
export type PanelOutcome = 'ok' | PanelErrorKind;
const PANEL_OUTCOMES: readonly PanelOutcome[] = ['ok', ...PANEL_ERROR_KINDS];
const BREAKER_VALUE: Record<BreakerState, number> = { closed: 0, half_open: 1, open: 2 };

/** Seconds; a turn without an LLM is milliseconds, a panel call can take the whole 5 s deadline. */
const STAGE_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const PANEL_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Why conversations left: held ones never stored (lifecycle/held-conversations.ts), stored ones purged (lifecycle/retention.ts). */
const DROP_REASONS = ['expired', 'evicted'] as const;
const PURGE_REASONS = ['idle', 'unused'] as const;
const ALERT_OUTCOMES = ['sent', 'failed'] as const;

/** Opening conversations and their lifecycle (docs/observability.md). */
export interface ConversationMetrics {
  opened(): void;
  /** Refused by the per-address hourly limit. */
  openRefused(): void;
  /** A held conversation dropped without a visitor message. */
  dropped(reason: (typeof DROP_REASONS)[number]): void;
  purged(reason: (typeof PURGE_REASONS)[number], count: number): void;
  /** Sampled at scrape time. */
  trackHeld(read: () => number): void;
}

/** Ownership endpoint answers (`error`: timeout, refusal or an unreadable answer, i.e. could not check). */
const OWNERSHIP_RESULTS = ['yes', 'no', 'error'] as const;
export type OwnershipCallResult = (typeof OWNERSHIP_RESULTS)[number];

/** The order directory's sources and the shop's ownership endpoint (docs/orders-and-webhooks.md). */
export interface OrderMetrics {
  /** One finished scheduled import: its rows, or a failure. */
  importRun(result: { ok: true; imported: number; rejected: number } | { ok: false }): void;
  ownershipCall(result: OwnershipCallResult): void;
  ownershipCacheHit(): void;
  /** A verified panel webhook event; `duplicate` when its id was seen before. */
  webhookEvent(type: EventType, duplicate: boolean): void;
}

/** Messenger channels (docs/channels.md): updates in, calls to the Bot API, messages delivered to chats. */
export interface ChannelMetrics extends DeliveryMetrics {
  telegramUpdate(kind: UpdateKind): void;
  /** One attempt's outcome (`retry`: another attempt follows). */
  telegramCall(method: TelegramMethod, outcome: TelegramOutcome): void;
  chatwootEvent(kind: ChatwootEventKind): void;
  /** One call's end, its retries included. */
  chatwootCall(call: ChatwootCall, outcome: ChatwootOutcome): void;
}
const TELEGRAM_OUTCOMES: readonly TelegramOutcome[] = ['ok', 'retry', 'rate_limited', 'server_error', 'network', 'timeout', 'conflict', 'refused', 'bad_answer'];
const CHANNELS = ['telegram', 'chatwoot'] as const;
const DELIVERY_OUTCOMES = ['delivered', 'refused', 'failed'] as const;

export interface Metrics {
  readonly registry: Registry;
  readonly channels: ChannelMetrics;
  /** The hooks the turn calls (TurnDeps.metrics). */
  readonly turn: TurnMetrics;
  readonly conversations: ConversationMetrics;
  readonly orders: OrderMetrics;
  /** createReplyGuard's onBlocked hook: the rule ids of one blocked draft. */
  guardBlocked(rules: readonly string[]): void;
  /** The panel client's onCall hook: one finished client call, retries included. */
  panelCall(action: PanelAction, outcome: PanelOutcome, seconds: number): void;
  /** Sampled at scrape time. */
  trackPanelBreaker(read: () => BreakerState): void;
  trackPanelKey(read: () => PanelKeyState): void;
  trackOpenStreams(read: () => number): void;
  /** An overdue-handoff alert to HANDOFF_NOTIFY_URL: delivered, or given up after its retries. */
  handoffAlert(outcome: 'sent' | 'failed'): void;
  readonly contentType: string;
  /** The Prometheus text exposition: this registry, then the process metrics. */
  scrape(): Promise<string>;
}

export interface MetricsOptions {
  /** Include the process metrics (CPU, memory, event loop, GC). Default true. */
  processMetrics?: boolean;
}

// Process metrics describe the process, not an app, so one collector serves every registry in it
// (collecting them per app would start one event-loop monitor and GC observer per test app).
let processRegistry: Registry | undefined;
function sharedProcessRegistry(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry, prefix: METRICS_PREFIX });
  }
  return processRegistry;
}

/** A label value from a closed list, or `other`: a bug elsewhere must not put free text in a label. */
const closed = <T extends string>(allowed: readonly T[], value: string): T | 'other' =>
  (allowed as readonly string[]).includes(value) ? (value as T) : 'other';

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  const registers = [registry];
  const name = (n: string) => `${METRICS_PREFIX}${n}`;

  const turns = new Counter({
    name: name('turns_total'), help: 'Visitor turns handled, by understood intent and policy decision kind',
    labelNames: ['intent', 'decision'] as const, registers,
  });
  const stages = new Histogram({
    name: name('turn_stage_duration_seconds'),
    help: 'Time spent in each stage of a visitor turn; "total" runs from taking the conversation lock to the commit',
    labelNames: ['stage'] as const, buckets: STAGE_BUCKETS, registers,
  });
  const handoffs = new Counter({
    name: name('handoffs_total'), help: 'Handoffs to a person requested by the bot, by reason',
    labelNames: ['reason'] as const, registers,
  });
  const guardBlocks = new Counter({
    name: name('guard_blocks_total'), help: 'Bot drafts the reply guard blocked, by rule (a draft may break several rules)',
    labelNames: ['rule'] as const, registers,
  });
  const panelCalls = new Counter({
    name: name('panel_calls_total'), help: 'SMM panel API calls, by action and outcome (ok or the error kind)',
    labelNames: ['action', 'outcome'] as const, registers,
  });
  const panelSeconds = new Histogram({
    name: name('panel_call_duration_seconds'), help: 'SMM panel API call duration, retries included, by action',
    labelNames: ['action'] as const, buckets: PANEL_BUCKETS, registers,
  });

  const breakerReaders: (() => BreakerState)[] = [];
  new Gauge({
    name: name('panel_breaker_state'), help: 'Panel circuit breaker: 0 closed, 1 half-open, 2 open', registers,
    collect() {
      const read = breakerReaders.at(-1);
      if (read) this.set(BREAKER_VALUE[read()]);
    },
  });
  const keyReaders: (() => PanelKeyState)[] = [];
  new Gauge({
    name: name('panel_key_refused'), help: 'Whether the panel refused the API key at the last service rules refresh (1) or not (0)', registers,
    collect() {
      const read = keyReaders.at(-1);
      if (read) this.set(read() === 'refused' ? 1 : 0);
    },
  });
  const streamReaders: (() => number)[] = [];
  new Gauge({
    name: name('sse_open_streams'), help: 'Open server-sent event streams (visitors and agents)', registers,
    collect() {
      this.set(streamReaders.reduce((sum, read) => sum + read(), 0));
    },
  });

  const opened = new Counter({ name: name('conversations_opened_total'), help: 'Conversations opened by visitors (answered 201)', registers });
  const openRefused = new Counter({
    name: name('conversation_opens_refused_total'), help: 'Conversation opens refused by the per-address hourly limit (429)', registers,
  });
  const heldReaders: (() => number)[] = [];
  new Gauge({
    name: name('conversations_held'), help: 'Opened conversations held in memory, not stored until the visitor says something', registers,
    collect() {
      this.set(heldReaders.reduce((sum, read) => sum + read(), 0));
    },
  });
  const dropped = new Counter({
    name: name('held_conversations_dropped_total'),
    help: 'Opened conversations dropped without a visitor message, never stored: expired (RETENTION_UNUSED_HOURS) or evicted (the table was full)',
    labelNames: ['reason'] as const, registers,
  });
  const purged = new Counter({
    name: name('conversations_purged_total'),
    help: 'Stored conversations deleted by retention: idle (RETENTION_DAYS) or unused, without a visitor message (RETENTION_UNUSED_HOURS)',
    labelNames: ['reason'] as const, registers,
  });
  for (const reason of DROP_REASONS) dropped.inc({ reason }, 0);
  for (const reason of PURGE_REASONS) purged.inc({ reason }, 0);
  const conversations: ConversationMetrics = {
    opened: () => opened.inc(),
    openRefused: () => openRefused.inc(),
    dropped: (reason) => dropped.inc({ reason: closed(DROP_REASONS, reason) }),
    purged: (reason, count) => purged.inc({ reason: closed(PURGE_REASONS, reason) }, count),
    trackHeld: (read) => {
      heldReaders.push(read);
    },
  };

  // Zero-valued series for the closed lists, so dashboards and rate() see them before the first event.
  for (const stage of TURN_STAGES) stages.zero({ stage });
  for (const reason of HANDOFF_REASONS) handoffs.inc({ reason }, 0);

  const turn: TurnMetrics = {
    observeStage(stage: TurnStage, seconds: number) {
      stages.observe({ stage: closed(TURN_STAGES, stage) }, seconds);
    },
    countTurn(intent: Intent, decision: DecisionKind) {
      turns.inc({ intent: closed(INTENTS, intent), decision: closed(DECISION_KINDS, decision) });
    },
    countHandoff(reason: HandoffReason) {
      handoffs.inc({ reason: closed(HANDOFF_REASONS, reason) });
    },
  };

  const handoffAlerts = new Counter({
    name: name('handoff_overdue_alerts_total'), help: 'Alerts to HANDOFF_NOTIFY_URL about handoffs nobody claimed in time, by outcome (sent or failed)',
    labelNames: ['outcome'] as const, registers,
  });
  for (const outcome of ALERT_OUTCOMES) handoffAlerts.inc({ outcome }, 0);

  const telegramUpdates = new Counter({
    name: name('telegram_updates_total'), help: 'Telegram updates handled, by kind (message, start, group, non_text, too_long, rate_limited, ignored, failed)',
    labelNames: ['kind'] as const, registers,
  });
  const telegramCalls = new Counter({
    name: name('telegram_api_calls_total'), help: 'Bot API call attempts by method and outcome (retry: another attempt followed, after a 429, a 5xx or a network failure)',
    labelNames: ['method', 'outcome'] as const, registers,
  });
  const chatwootEvents = new Counter({
    name: name('chatwoot_events_total'), help: 'Chatwoot webhook events by kind (message: a turn; outgoing: the bot\'s, agents\' and notes, no turn; held_by_person: a visitor on an open conversation; non_text, too_long: opened for an agent; rate_limited; given_back: a handoff resolved as Chatwoot gave the conversation back; status; ignored; failed)',
    labelNames: ['kind'] as const, registers,
  });
  const chatwootCalls = new Counter({
    name: name('chatwoot_api_calls_total'), help: 'Calls to Chatwoot\'s API by call (message, note, toggle_status) and outcome, retries included',
    labelNames: ['call', 'outcome'] as const, registers,
  });
  for (const kind of CHATWOOT_EVENT_KINDS) chatwootEvents.inc({ kind }, 0);
  const deliveries = new Counter({
    name: name('channel_deliveries_total'), help: 'Messages to messenger chats: delivered, refused for good (skipped), or a delivery stopped by an outage (tried again)',
    labelNames: ['channel', 'outcome'] as const, registers,
  });
  for (const kind of UPDATE_KINDS) telegramUpdates.inc({ kind }, 0);
  for (const channel of CHANNELS) for (const outcome of DELIVERY_OUTCOMES) deliveries.inc({ channel, outcome }, 0);
  const delivery = (outcome: (typeof DELIVERY_OUTCOMES)[number]) => (channel: string) => deliveries.inc({ channel: closed(CHANNELS, channel), outcome });
  const channels: ChannelMetrics = {
    telegramUpdate: (kind) => telegramUpdates.inc({ kind: closed(UPDATE_KINDS, kind) }),
    telegramCall: (method, outcome) => telegramCalls.inc({ method: closed(TELEGRAM_METHODS, method), outcome: closed(TELEGRAM_OUTCOMES, outcome) }),
    chatwootEvent: (kind) => chatwootEvents.inc({ kind: closed(CHATWOOT_EVENT_KINDS, kind) }),
    chatwootCall: (call, outcome) => chatwootCalls.inc({ call: closed(CHATWOOT_CALLS, call), outcome: closed(CHATWOOT_OUTCOMES, outcome) }),
    delivered: delivery('delivered'),
    refused: delivery('refused'),
    failed: delivery('failed'),
  };

  const importRuns = new Counter({
    name: name('orders_import_runs_total'), help: 'Scheduled order imports (ORDERS_IMPORT_FILE or ORDERS_IMPORT_URL) by outcome: ok, or failed (nothing imported)',
    labelNames: ['outcome'] as const, registers,
  });
  const importRows = new Counter({
    name: name('orders_import_rows_total'), help: 'Rows read by scheduled order imports: imported (upserted), or rejected (invalid, left out and reported by line)',
    labelNames: ['result'] as const, registers,
  });
  const ownershipCalls = new Counter({
    name: name('ownership_endpoint_calls_total'), help: "Questions to the shop's ownership endpoint by answer: yes, no, or error (not answered in time or not readable: could not check)",
    labelNames: ['result'] as const, registers,
  });
  const ownershipCacheHits = new Counter({ name: name('ownership_endpoint_cache_hits_total'), help: 'Ownership questions answered from the brief cache of earlier answers', registers });
  const webhookEvents = new Counter({
    name: name('webhook_order_events_total'), help: 'Verified panel webhook events by type, applied or a duplicate (an event id seen before)',
    labelNames: ['type', 'result'] as const, registers,
  });
  for (const outcome of ['ok', 'failed']) importRuns.inc({ outcome }, 0);
  for (const result of ['imported', 'rejected']) importRows.inc({ result }, 0);
  for (const result of OWNERSHIP_RESULTS) ownershipCalls.inc({ result }, 0);
  for (const type of EVENT_TYPES) for (const result of ['applied', 'duplicate']) webhookEvents.inc({ type, result }, 0);
  const orders: OrderMetrics = {
    importRun(result) {
      importRuns.inc({ outcome: result.ok ? 'ok' : 'failed' });
      if (!result.ok) return;
      importRows.inc({ result: 'imported' }, result.imported);
      importRows.inc({ result: 'rejected' }, result.rejected);
    },
    ownershipCall: (result) => ownershipCalls.inc({ result: closed(OWNERSHIP_RESULTS, result) }),
    ownershipCacheHit: () => ownershipCacheHits.inc(),
    webhookEvent: (type, duplicate) => webhookEvents.inc({ type: closed(EVENT_TYPES, type), result: duplicate ? 'duplicate' : 'applied' }),
  };

  const withProcess = options.processMetrics ?? true;
  return {
    registry,
    channels,
    turn,
    conversations,
    orders,
    guardBlocked(rules) {
      for (const rule of rules) guardBlocks.inc({ rule: closed(GUARD_BLOCK_RULES, rule) });
    },
    panelCall(action, outcome, seconds) {
      const a = closed(PANEL_ACTIONS, action);
      panelCalls.inc({ action: a, outcome: closed(PANEL_OUTCOMES, outcome) });
      panelSeconds.observe({ action: a }, seconds);
    },
    trackPanelBreaker(read) {
      breakerReaders.push(read);
    },
    trackPanelKey(read) {
      keyReaders.push(read);
    },
    trackOpenStreams(read) {
      streamReaders.push(read);
    },
    handoffAlert(outcome) {
      handoffAlerts.inc({ outcome: closed(ALERT_OUTCOMES, outcome) });
    },
    contentType: registry.contentType,
    async scrape() {
      const own = await registry.metrics();
      return withProcess ? `${own}\n${await sharedProcessRegistry().metrics()}` : own;
    },
  };
}
