// Opening, authorising and reading conversations: everything a visitor does besides a turn.
import type { Clock, IdGen } from '../clock.js';
import { unauthorized } from '../errors.js';
import { renderTemplate, type Template } from '../replies/templates.js';
import { hashToken, newToken, tokenMatches, UNMATCHABLE_HASH } from '../security/tokens.js';
import type { ConversationEvent } from './events.js';
import { fold, type ConversationState } from './state.js';
import type { ConversationRecord, ConversationStore } from '../storage/port.js';
import { MESSAGE_EVENT_TYPES, messagesAt, toMessages, toPublicState, type Message, type PublicState } from './view.js';

export interface ConversationDeps {
  store: ConversationStore;
  /**
   * Keeps a newly opened conversation: on SQLite in memory until its first visitor message stores
   * it (lifecycle/held-conversations.ts), on PostgreSQL stored at once (any instance may get the
   * next request).
   */
  hold: (opened: { id: string; tokenHash: Buffer; at: string; events: readonly ConversationEvent[]; state: ConversationState }) => Promise<void>;
  templates: ReadonlyMap<string, Template>;
  clock: Clock;
  ids: IdGen;
}

export interface OpenedConversation {
  conversation: { id: string };
  token: string;
  messages: Message[];
  state: PublicState;
}

/** How many messages a transcript read returns (the newest). */
export const TRANSCRIPT_LIMIT = 500;

export async function startConversation(deps: ConversationDeps, input: { locale: string; page: string | null; verifiedUserId: string | null }): Promise<OpenedConversation> {
  const id = deps.ids();
  const token = newToken('visitor');
  const greeting = renderTemplate(deps.templates, 'greeting');
  const events: ConversationEvent[] = [
    { type: 'conversation_started', locale: input.locale, page: input.page, verifiedUserId: input.verifiedUserId },
    { type: 'bot_said', messageId: deps.ids(), text: greeting.text, replyKey: greeting.replyKey, quickReplies: greeting.quickReplies, inReplyTo: null },
  ];
  const state = fold(events);
  const at = deps.clock().toISOString();
  await deps.hold({ id, tokenHash: hashToken(token), at, events, state });
  return { conversation: { id }, token, messages: messagesAt(events, at), state: toPublicState(state) };
}

/**
 * The same 401 for a missing conversation, a wrong token and another conversation's token: a
 * missing hash is compared too (against one nothing matches), so each case takes the same path.
 */
function checkVisitorToken(hash: Buffer | undefined, token: string | undefined): void {
  const matches = tokenMatches(token ?? '', hash ?? UNMATCHABLE_HASH);
  if (!hash || !token || !matches) throw unauthorized();
}

/** Authenticates and returns the conversation (for reads that need it). */
export async function authenticateVisitor(store: ConversationStore, id: string, token: string | undefined): Promise<ConversationRecord> {
  const conversation = await store.get(id);
  checkVisitorToken(conversation?.tokenHash, token);
  return conversation as ConversationRecord;
}

/** Authenticates only (a turn reads the conversation itself, under its lock). */
export async function verifyVisitor(store: ConversationStore, id: string, token: string | undefined): Promise<void> {
  checkVisitorToken(await store.tokenHash(id), token);
}

export type ConversationStatus = 'active' | 'waiting_for_agent' | 'with_agent';

export function conversationStatus(state: ConversationState): ConversationStatus {
  if (state.handoff === 'queued') return 'waiting_for_agent';
  if (state.handoff === 'assigned') return 'with_agent';
  return 'active';
}

export async function readTranscript(store: ConversationStore, record: ConversationRecord) {
  const events = await store.events(record.id, { types: MESSAGE_EVENT_TYPES, limit: TRANSCRIPT_LIMIT });
  return {
    conversation: { id: record.id, status: conversationStatus(record.state) },
    messages: toMessages(events),
    state: toPublicState(record.state),
  };
}
