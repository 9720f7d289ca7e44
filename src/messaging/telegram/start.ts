// The Telegram channel as the app runs it: the Bot API client, the update handler, and in polling
// mode the poller (started when the server listens, stopped before it closes). Off (nothing made,
// nothing imported from undici, no timer) unless TELEGRAM_BOT_TOKEN is set.
import type { Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import type { Log } from '../../observability/logger.js';
import type { Template } from '../../replies/templates.js';
import type { WindowLimiter } from '../../security/window-limiter.js';
import type { ChannelStore, CounterStore } from '../../storage/port.js';
import type { ChannelAdapter } from '../channel.js';
import type { InboundDeps } from '../inbound.js';
import { createTelegramClient, type TelegramClientOptions, type TelegramMethod, type TelegramOutcome } from './client.js';
import { startPolling, type Polling } from './polling.js';
import { handleUpdate, telegramAdapter, type TelegramUpdate, type UpdateKind } from './telegram.js';

export interface TelegramChannel {
  adapter: ChannelAdapter;
  handle(update: TelegramUpdate): Promise<UpdateKind>;
  /** Polling mode: asks for updates until stopped (webhook mode: nothing to start). */
  start(): void;
  /** Stops polling (the batch in hand is finished) and closes the client. */
  stop(): Promise<void>;
}

export interface TelegramTiming {
  /** Waits of the retries and back-offs (tests: none on the wall clock). */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
}

export function createTelegramChannel(options: {
  config: Pick<Config, 'TELEGRAM_BOT_TOKEN' | 'TELEGRAM_MODE' | 'TELEGRAM_API_BASE_URL'> & { TELEGRAM_BOT_TOKEN: string };
  inbound: InboundDeps;
  templates: ReadonlyMap<string, Template>;
  perChat: WindowLimiter;
  counters: Pick<CounterStore, 'hit'>;
  cursors: Pick<ChannelStore, 'cursor' | 'setCursor'>;
  clock: Clock;
  log: Log;
  metrics: { telegramUpdate(kind: UpdateKind): void; telegramCall(method: TelegramMethod, outcome: TelegramOutcome): void };
  timing?: TelegramTiming;
}): TelegramChannel {
  const { config, log, timing } = options;
  const clientOptions: TelegramClientOptions = {
    baseUrl: config.TELEGRAM_API_BASE_URL,
    token: config.TELEGRAM_BOT_TOKEN,
    onCall: (method, outcome) => options.metrics.telegramCall(method, outcome),
    ...(timing ? { sleep: timing.sleep, random: timing.random } : {}),
  };
  const client = createTelegramClient(clientOptions);
  const deps = {
    client, inbound: options.inbound, templates: options.templates, perChat: options.perChat, counters: options.counters,
    clock: options.clock, log, onUpdate: (kind: UpdateKind) => options.metrics.telegramUpdate(kind),
  };
  const handle = (update: TelegramUpdate) => handleUpdate(deps, update);
  let polling: Polling | undefined;
  return {
    adapter: telegramAdapter(client),
    handle,
    start() {
      if (config.TELEGRAM_MODE !== 'polling' || polling) return;
      polling = startPolling({
        client, cursors: options.cursors, handle, clock: options.clock, log,
        sleep: timing ? (ms, signal) => timing.sleep(ms, signal) : sleepUnlessStopped,
        ...(timing ? { random: timing.random } : {}),
        onGiveUp: () => options.metrics.telegramUpdate('failed'),
      });
      log.info({ mode: 'polling' }, 'Telegram channel polling for updates');
    },
    async stop() {
      await polling?.stop();
      await client.close();
    },
  };
}

const sleepUnlessStopped = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
