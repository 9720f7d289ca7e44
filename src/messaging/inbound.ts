// A message from an outside chat into its conversation. The chat's current conversation is
// found (or opened, through the same startConversation the widget uses, and stored at once), and
// the text goes through the same handleTurn, with the channel's own identity of the message as its
// clientMessageId: a message seen again (Telegram redelivering an update, after a restart, on
// another instance) gets the stored reply and changes nothing. What the turn said reaches the chat
// through delivery.ts, like everything else the conversation says.
import type { Clock } from '../clock.js';
import { startConversation, type ConversationDeps } from '../conversation/conversations.js';
import type { ConversationState } from '../conversation/state.js';
import { handleTurn, type TurnDeps } from '../turn/turn.js';
import type { KeyedMutex } from '../turn/keyed-mutex.js';
import type { SecretType } from '../understanding/vocabulary.js';
import type { ChannelLink, ChannelStore, ConversationStore } from '../storage/port.js';

/**
 * A chat whose last conversation ended with a resolved handoff and has been quiet this long starts
 * a new conversation at its next message (the agents' queue shows it as new; the old transcript
 * stays as it was). Anything else continues the chat's current conversation.
 */
export const QUIET_BEFORE_NEW_CONVERSATION_MS = 30 * 60_000;

export interface InboundDeps {
  /** Opens conversations as the widget does; `hold` stores them at once (any instance may get the chat's next update). */
  conversations: ConversationDeps;
  store: Pick<ConversationStore, 'get' | 'events'>;
  links: ChannelStore;
  turn: TurnDeps;
  /** One inbound message per chat at a time on this instance: the chat's conversation is found or opened once. */
  chats: KeyedMutex;
  /** The hourly limit on opening conversations, here per chat (`telegram:<chat id>`): 0 when it may open. */
  admitOpen: (key: string) => Promise<number>;
  clock: Clock;
  /** Told when a chat's conversation opens with its greeting to send (/start): delivery.deliver. */
  greeted?: (conversationId: string) => void;
}

export interface InboundMessage {
  channel: string;
  chatId: string;
  /** The channel's identity of this message, the same every time it is delivered (`tg:<update_id>`), at most 64 characters. */
  key: string;
  text: string;
}

export interface Received {
  conversationId: string;
  /** What the turn removed from the visitor's text (user_said.secrets): the channel may delete the original. */
  secrets: readonly SecretType[];
}

/** A visitor's message: a turn in the chat's conversation. */
export function receiveMessage(deps: InboundDeps, message: InboundMessage): Promise<Received | null> {
  return deps.chats.run(chatKey(message), async () => {
    const conversationId = await conversationFor(deps, message, false);
    if (!conversationId) return null;
    await handleTurn(deps.turn, { conversationId, text: message.text, clientMessageId: message.key, clientAddress: chatKey(message) });
    return { conversationId, secrets: await secretsOf(deps, conversationId, message.key) };
  });
}

/**
 * A fresh start (Telegram's /start): a new conversation whose greeting is delivered, unless a
 * person holds the chat's conversation (the agent carries on) or the chat opened too many
 * conversations this hour. Returns the conversation the chat is in afterwards, or null.
 */
export function startChat(deps: InboundDeps, message: Omit<InboundMessage, 'text'>): Promise<string | null> {
  return deps.chats.run(chatKey(message), () => conversationFor(deps, message, true));
}

const chatKey = (m: Pick<InboundMessage, 'channel' | 'chatId'>): string => `${m.channel}:${m.chatId}`;

async function conversationFor(deps: InboundDeps, message: Omit<InboundMessage, 'text'>, fresh: boolean): Promise<string | null> {
  const link = await deps.links.current(message.channel, message.chatId);
  // This very message opened it (seen again): nothing new.
  if (link?.openedBy === message.key) return link.conversationId;
  const record = link ? await deps.store.get(link.conversationId) : undefined;
  if (link && record && !(fresh ? mayRestart(record.state) : startsAfresh(record.state, record.updatedAt, deps.clock().getTime()))) {
    return fresh ? null : link.conversationId;
  }
  if ((await deps.admitOpen(chatKey(message))) > 0) return fresh || !link || !record ? null : link.conversationId;
  return open(deps, message, link, fresh);
}

/** /start begins again, except while a person holds the conversation. */
const mayRestart = (state: ConversationState): boolean => state.handoff !== 'queued' && state.handoff !== 'assigned';

const startsAfresh = (state: ConversationState, updatedAt: string, now: number): boolean =>
  state.handoff === 'resolved' && now - Date.parse(updatedAt) >= QUIET_BEFORE_NEW_CONVERSATION_MS;

async function open(deps: InboundDeps, message: Omit<InboundMessage, 'text'>, previous: ChannelLink | undefined, greet: boolean): Promise<string> {
  const opened = await startConversation(deps.conversations, { locale: 'en', page: null, verifiedUserId: null });
  const id = opened.conversation.id;
  // Without /start the visitor has already said what they want: the greeting is not sent.
  const stored = await deps.store.get(id);
  const { link } = await deps.links.open({
    conversationId: id, channel: message.channel, chatId: message.chatId, openedBy: message.key,
    deliveredSeq: greet ? 0 : (stored?.lastSeq ?? 0), after: previous?.generation ?? 0, at: deps.clock().toISOString(),
  });
  // The greeting was stored with the conversation, not appended: no append tells delivery of it.
  if (greet && link.conversationId === id) deps.greeted?.(id);
  // Another writer linked first (this update on another instance, or another update): the chat
  // goes on in that conversation; this one was never spoken in and the unused-conversation
  // retention removes it.
  return link.conversationId;
}

async function secretsOf(deps: InboundDeps, conversationId: string, key: string): Promise<readonly SecretType[]> {
  const said = await deps.store.events(conversationId, { types: ['user_said'], limit: 20 });
  const mine = said.find((e) => e.type === 'user_said' && e.clientMessageId === key);
  return mine?.type === 'user_said' ? mine.secrets : [];
}
