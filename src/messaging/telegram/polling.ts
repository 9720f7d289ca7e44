// Long polling (TELEGRAM_MODE=polling, the default: no public URL needed). getUpdates waits up to
// POLL_SECONDS for updates from the stored offset; each batch is handled to the end (turns
// committed) before the offset moves past it and is stored, and Telegram forgets an update only
// when a later getUpdates passes a higher offset. So an update is never lost: a crash or a stop
// before the offset is stored gets the batch again, and handling it again changes nothing (the
// turn's clientMessageId is `tg:<update_id>`, a /start's link remembers its update).
//
// One instance should poll a bot: Telegram ends a getUpdates when another starts (409). With
// several instances, use webhook mode (docs/channels.md).
import { backoffMs } from '../../outbound/retry.js';
import type { Log } from '../../observability/logger.js';
import type { ChannelStore } from '../../storage/port.js';
import { TelegramError, type TelegramClient } from './client.js';
import { TelegramUpdate, type UpdateKind } from './telegram.js';

export const OFFSET_CURSOR = 'telegram:offset';
const POLL_SECONDS = 25;
/** An update whose handling failed this many times in a row (a bug, not an outage) is given up with an error line. */
export const UPDATE_ATTEMPTS = 5;

export interface Polling {
  /** Stops asking for updates; resolves once the batch in hand is handled and its offset stored. */
  stop(): Promise<void>;
}

export function startPolling(options: {
  client: TelegramClient;
  cursors: Pick<ChannelStore, 'cursor' | 'setCursor'>;
  handle: (update: TelegramUpdate) => Promise<UpdateKind>;
  clock: () => Date;
  log: Log;
  /** Waits between failed polls (tests: no wall-clock time). */
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  random?: () => number;
  onGiveUp?: () => void;
}): Polling {
  const { client, cursors, handle, log } = options;
  const random = options.random ?? Math.random;
  const stopping = new AbortController();
  const attempts = new Map<number, number>();

  const pause = (failures: number) => options.sleep(backoffMs(failures, random, 1_000, 60_000), stopping.signal).catch(() => undefined);

  /**
   * Handles a batch, each chat's updates in order and chats side by side; returns the offset to
   * store: past the whole batch, or at the first update that failed (to be fetched again).
   */
  const handleBatch = async (raw: readonly unknown[], offset: number): Promise<number> => {
    const chats = new Map<string, TelegramUpdate[]>();
    let highest = offset - 1;
    for (const item of raw) {
      const id = (item as { update_id?: unknown }).update_id;
      if (typeof id === 'number') highest = Math.max(highest, id);
      // An update Parley cannot read is passed over: its id still moves the offset on.
      const parsed = TelegramUpdate.safeParse(item);
      if (!parsed.success) continue;
      const chat = String(parsed.data.message?.chat.id ?? `update:${parsed.data.update_id}`);
      chats.set(chat, [...(chats.get(chat) ?? []), parsed.data]);
    }
    let failedAt = Infinity;
    await Promise.all([...chats.values()].map(async (inChat) => {
      for (const update of inChat) {
        try {
          await handle(update);
          attempts.delete(update.update_id);
        } catch (err) {
          const tries = (attempts.get(update.update_id) ?? 0) + 1;
          if (tries >= UPDATE_ATTEMPTS) {
            attempts.delete(update.update_id);
            options.onGiveUp?.();
            log.error({ err, updateId: update.update_id, attempts: tries }, 'a Telegram update failed every attempt; given up');
            continue;
          }
          attempts.set(update.update_id, tries);
          log.warn({ err, updateId: update.update_id }, 'a Telegram update failed; it is handled again');
          failedAt = Math.min(failedAt, update.update_id);
          return; // the chat's later updates wait for this one
        }
      }
    }));
    return failedAt === Infinity ? highest + 1 : failedAt;
  };

  const loop = async (): Promise<void> => {
    let failures = 0;
    let offset: number | undefined;
    let webhookCleared = false;
    while (!stopping.signal.aborted) {
      try {
        offset ??= Number((await cursors.cursor(OFFSET_CURSOR)) ?? 0);
        // A webhook left set on the bot makes getUpdates fail (409): polling mode takes the bot
        // back (the updates waiting at Telegram are kept).
        if (!webhookCleared) {
          await client.call('deleteWebhook', { drop_pending_updates: false }, { signal: stopping.signal });
          webhookCleared = true;
        }
        const raw = await client.call<unknown[]>('getUpdates', { offset, timeout: POLL_SECONDS, allowed_updates: ['message'] },
          { signal: stopping.signal, longPollSeconds: POLL_SECONDS });
        const next = await handleBatch(raw, offset);
        const advanced = next > offset;
        if (advanced) {
          offset = next;
          await cursors.setCursor(OFFSET_CURSOR, String(offset), options.clock().toISOString());
        }
        failures = advanced || raw.length === 0 ? 0 : failures + 1;
        if (failures > 0) await pause(failures);
      } catch (err) {
        if (stopping.signal.aborted) break;
        failures++;
        // 401/404: the token is wrong or revoked (BotFather /revoke), which no retry mends: said loudly.
        if (err instanceof TelegramError && err.kind === 'refused') log.error({ err, failures }, 'the Bot API refused this bot\'s requests: check TELEGRAM_BOT_TOKEN');
        else log.warn({ err, failures }, 'Telegram polling failed; trying again');
        await pause(failures);
      }
    }
  };

  const running = loop();
  return {
    async stop() {
      stopping.abort();
      await running;
    },
  };
}
