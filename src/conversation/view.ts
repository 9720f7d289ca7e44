// What visitors and agents see of a conversation: messages from events, and the public state
// with identifiers masked.
import type { ConversationEvent, StoredEvent } from './events.js';
import type { ConversationState } from './state.js';

export type MessageAuthor = 'user' | 'bot' | 'agent' | 'system';

export interface Message {
  id: string;
  from: MessageAuthor;
  text: string;
  createdAt: string;
  quickReplies?: string[];
  /** An agent's message: the agent's login name, and the name the visitor saw (see `forVisitor`). */
  agent?: string;
  agentShownAs?: string;
}

export interface PublicState {
  role: ConversationState['role'];
  intent: ConversationState['intent'];
  awaiting: string | null;
  collected: Record<string, string>;
  handoff: ConversationState['handoff'];
}

export const MESSAGE_EVENT_TYPES = ['user_said', 'bot_said', 'agent_said', 'system_said'] as const;

/** The message an event shows (said at `createdAt`), or null. */
export function toMessage(event: ConversationEvent, createdAt: string): Message | null {
  switch (event.type) {
    case 'user_said':
      return { id: event.messageId, from: 'user', text: event.text, createdAt };
    case 'bot_said':
      return {
        id: event.messageId, from: 'bot', text: event.text, createdAt,
        ...(event.quickReplies.length ? { quickReplies: event.quickReplies } : {}),
      };
    case 'agent_said':
      return { id: event.messageId, from: 'agent', text: event.text, createdAt, agent: event.agent, ...(event.shownAs ? { agentShownAs: event.shownAs } : {}) };
    case 'system_said':
      return { id: event.messageId, from: 'system', text: event.text, createdAt };
    default:
      return null;
  }
}

/** A message as the visitor sees it: an agent by the name shown when it spoke, never its login name. */
export function forVisitor(message: Message): Message {
  if (message.from !== 'agent') return message;
  const { agentShownAs, ...rest } = message;
  return { ...rest, agent: agentShownAs ?? message.agent };
}

/** The messages among stored events, each at its own time. */
export const toMessages = (events: readonly StoredEvent[]): Message[] => messagesOf(events, (event) => event.at);

/** The messages among events written together at `at`: no stored copies of the events needed. */
export const messagesAt = (events: readonly ConversationEvent[], at: string): Message[] => messagesOf(events, () => at);

function messagesOf<E extends ConversationEvent>(events: readonly E[], timeOf: (event: E) => string): Message[] {
  const messages: Message[] = [];
  for (const event of events) {
    const message = toMessage(event, timeOf(event));
    if (message) messages.push(message);
  }
  return messages;
}

export function toPublicState(state: ConversationState): PublicState {
  return {
    role: state.role,
    intent: state.topic ?? state.intent,
    awaiting: state.awaiting,
    collected: Object.fromEntries(Object.entries(state.collected).map(([slot, value]) => [slot, maskIdentifier(slot, value)])),
    handoff: state.handoff,
  };
}

/** Enough to recognise one's own identifier, not enough to learn someone else's. */
export function maskIdentifier(slot: string, value: string): string {
  if (slot === 'email') {
    const at = value.indexOf('@');
    if (at > 0) return `${value[0]}***${value.slice(at)}`;
  }
  if (value.length <= 4) return '*'.repeat(value.length);
  const keep = value.length >= 10 ? 3 : 2;
  return `${value.slice(0, keep)}***${value.slice(-keep)}`;
}
