// What a messenger channel is (docs/channels.md, "Adding a channel"): an adapter that turns its
// updates into the same turn the widget uses (messaging/inbound.ts, through turn/turn.ts's
// handleTurn) and sends what the conversation says back to its chat (messaging/delivery.ts).
// Nothing in turn/, guard/, policy/, orders/ or handoff/ knows which channel a conversation
// speaks through: a channel conversation is an ordinary conversation plus a row in
// ChannelStore saying which chat it belongs to and how far its messages reached that chat.

/** A message the conversation said that the chat should show: a bot's, an agent's, or a system line. */
export interface OutgoingMessage {
  from: 'bot' | 'agent' | 'system';
  text: string;
  /** The next steps the bot offers (a reply keyboard on Telegram); empty for most messages. */
  quickReplies: readonly string[];
}

/**
 * Thrown by `send` when the channel will never take this message (the visitor blocked the bot,
 * the chat is gone): it is skipped, not retried. Any other error is an outage: the delivery stops
 * there and is tried again later from the same message.
 */
export class MessageRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MessageRefused';
  }
}

/** The outgoing half every channel implements. */
export interface ChannelAdapter {
  /** The channel's name as stored in its links (`telegram`). */
  readonly name: string;
  /** Resolves once the channel accepted the message. */
  send(chatId: string, message: OutgoingMessage): Promise<void>;
  /**
   * Optional: the conversation asked for a person (a `handoff_requested` event, reached in order
   * after the messages before it). A channel with its own agents' inbox (Chatwoot) hands the chat
   * over there; without it, the handoff waits in Parley's console as for the widget. Errors are
   * treated as `send`'s are.
   */
  handoff?(chatId: string, handoff: { conversationId: string; handoffId: string }): Promise<void>;
}
