// The Telegram channel (contract/channels.md "Telegram"): Bot API updates in, as turns through
// messaging/inbound.ts; the conversation's messages out, through messaging/delivery.ts and this
// file's adapter. Private chats only; what Parley cannot read (groups, photos, stickers, a text too
// long) gets one short, polite line an hour per chat, never a loop.
import { z } from 'zod';
import type { Clock } from '../../clock.js';
import { HOUR_MS } from '../../lifecycle/retention.js';
import type { Log } from '../../observability/logger.js';
import type { ReplyKey } from '../../policy/reply-keys.js';
import { renderTemplate, type Template } from '../../replies/templates.js';
import type { WindowLimiter } from '../../security/window-limiter.js';
import type { CounterStore } from '../../storage/port.js';
import { MessageRefused, type ChannelAdapter, type OutgoingMessage } from '../channel.js';
import { receiveMessage, startChat, type InboundDeps } from '../inbound.js';
import { TelegramError, type TelegramClient } from './client.js';

export const TELEGRAM = 'telegram';
/** A visitor's text as the widget takes it (channels/schemas.ts MessageText). */
const MAX_TEXT = 2000;
/** Telegram's own limit on one message's text. */
const MAX_SENT_TEXT = 4096;

/** The part of a Telegram `Update` Parley reads; everything else in it is ignored. */
export const TelegramUpdate = z.object({
  update_id: z.number().int().nonnegative(),
  message: z.object({
    message_id: z.number().int(),
    chat: z.object({ id: z.number().int(), type: z.string().max(32) }),
    from: z.object({ is_bot: z.boolean() }).optional(),
    text: z.string().max(8192).optional(),
  }).optional(),
});
export type TelegramUpdate = z.infer<typeof TelegramUpdate>;

export const UPDATE_KINDS = ['message', 'start', 'group', 'non_text', 'too_long', 'rate_limited', 'ignored', 'failed'] as const;
export type UpdateKind = (typeof UPDATE_KINDS)[number];

export interface TelegramDeps {
  client: TelegramClient;
  inbound: InboundDeps;
  templates: ReadonlyMap<string, Template>;
  /** Messages per chat per minute, as the widget's per-conversation limit. */
  perChat: WindowLimiter;
  /** The "once an hour per chat" of the polite lines. */
  counters: Pick<CounterStore, 'hit'>;
  clock: Clock;
  log: Log;
  onUpdate?: (kind: UpdateKind) => void;
}

const START = /^\/start(@\w+)?(\s|$)/;

/** Handles one update to the end (its turn committed). Throws only when it should be tried again (the store failed). */
export async function handleUpdate(deps: TelegramDeps, update: TelegramUpdate): Promise<UpdateKind> {
  const kind = await classifyAndHandle(deps, update);
  deps.onUpdate?.(kind);
  return kind;
}

async function classifyAndHandle(deps: TelegramDeps, update: TelegramUpdate): Promise<UpdateKind> {
  const message = update.message;
  if (!message || message.from?.is_bot) return 'ignored';
  const chatId = String(message.chat.id);
  if (message.chat.type !== 'private') {
    // A channel's posts come as channel_post, not message; a group or supergroup gets one line.
    await politeOnce(deps, chatId, 'telegram-private-only');
    return 'group';
  }
  if (message.text === undefined) {
    await politeOnce(deps, chatId, 'telegram-text-only');
    return 'non_text';
  }
  // PostgreSQL text cannot hold U+0000 (the HTTP edge refuses it; here it is dropped).
  const text = message.text.replaceAll('\u0000', '').trim();
  if (!text) return 'ignored';
  const key = `tg:${update.update_id}`;
  if (START.test(text)) {
    await startChat(deps.inbound, { channel: TELEGRAM, chatId, key });
    return 'start';
  }
  if ([...text].length > MAX_TEXT) {
    await politeOnce(deps, chatId, 'telegram-too-long');
    return 'too_long';
  }
  if (!deps.perChat.hit(`${TELEGRAM}:${chatId}`)) {
    await politeOnce(deps, chatId, 'telegram-slow-down');
    return 'rate_limited';
  }
  const received = await receiveMessage(deps.inbound, { channel: TELEGRAM, chatId, key, text });
  if (received && received.secrets.length > 0) await deleteVisitorMessage(deps, chatId, message.message_id);
  return 'message';
}

/**
 * The visitor pasted a secret: stored redacted like everywhere, and here also taken out of the
 * chat where the Bot API allows it (a bot may delete a private chat's messages for 48 hours). The
 * turn's secret-removed reply, delivered next, is the line saying why.
 */
async function deleteVisitorMessage(deps: TelegramDeps, chatId: string, messageId: number): Promise<void> {
  try {
    await deps.client.call('deleteMessage', { chat_id: Number(chatId), message_id: messageId });
  } catch (err) {
    deps.log.warn({ channel: TELEGRAM, err }, 'a message holding a secret could not be deleted from the chat');
  }
}

/** One of the channel's own lines (prompts/replies/telegram-*.md), at most once an hour per chat and line. */
async function politeOnce(deps: TelegramDeps, chatId: string, key: ReplyKey): Promise<void> {
  const now = deps.clock().getTime();
  const since = new Date(now - HOUR_MS).toISOString();
  if ((await deps.counters.hit(`notice:${TELEGRAM}:${chatId}:${key}`, new Date(now).toISOString(), since)) > 1) return;
  const line = renderTemplate(deps.templates, key);
  try {
    await deps.client.call('sendMessage', { chat_id: Number(chatId), text: line.text });
  } catch (err) {
    deps.log.warn({ channel: TELEGRAM, err }, 'a notice to a Telegram chat was not sent');
  }
}

/** The outgoing half: sendMessage, quick replies as a one-time reply keyboard. */
export function telegramAdapter(client: TelegramClient): ChannelAdapter {
  return {
    name: TELEGRAM,
    async send(chatId: string, message: OutgoingMessage) {
      const parts = split(message.text);
      for (const [i, text] of parts.entries()) {
        const last = i === parts.length - 1;
        try {
          await client.call('sendMessage', { chat_id: Number(chatId), text, ...(last ? { reply_markup: keyboard(message) } : {}) });
        } catch (err) {
          // 400 (chat not found) and 403 (the visitor blocked the bot) will not change on a retry.
          if (err instanceof TelegramError && err.kind === 'refused') throw new MessageRefused(err.message);
          throw err;
        }
      }
    },
  };
}

/** Quick replies as buttons under the message; a message without any takes the last one's away. */
function keyboard(message: OutgoingMessage): Record<string, unknown> {
  if (message.quickReplies.length === 0) return { remove_keyboard: true };
  return { keyboard: message.quickReplies.map((text) => [{ text }]), resize_keyboard: true, one_time_keyboard: true };
}

function split(text: string): string[] {
  const chars = [...text];
  const parts: string[] = [];
  for (let i = 0; i < chars.length; i += MAX_SENT_TEXT) parts.push(chars.slice(i, i + MAX_SENT_TEXT).join(''));
  return parts.length > 0 ? parts : [text];
}
