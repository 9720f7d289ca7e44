// The handoffs read model, as data: what one stored event changes in the `handoffs` table. Pure;
// each storage adapter applies the changes inside the append's transaction, so a row never
// disagrees with the events it came from.
import type { ConversationEvent, HandoffReason } from '../conversation/events.js';

export type HandoffChange =
  | { kind: 'insert'; id: string; conversationId: string; reason: HandoffReason; summary: string; requestedSeq: number; at: string }
  | { kind: 'claim'; id: string; assignee: string; at: string }
  /** The row keeps who resolved it (the conversation's state forgets the assignee once the bot is back). */
  | { kind: 'resolve'; id: string; assignee: string | null; note: string | null; at: string }
  | { kind: 'close'; id: string; status: 'expired' | 'cancelled'; at: string };

/** The change an event makes, stored at `seq` of `conversationId` at `at`; null for most events. */
export function handoffChange(conversationId: string, event: ConversationEvent, seq: number, at: string): HandoffChange | null {
  switch (event.type) {
    case 'handoff_requested':
      return { kind: 'insert', id: event.handoffId, conversationId, reason: event.reason, summary: event.summary, requestedSeq: seq, at };
    case 'handoff_claimed':
      return { kind: 'claim', id: event.handoffId, assignee: event.agent, at };
    case 'handoff_resolved':
      return { kind: 'resolve', id: event.handoffId, assignee: event.agent, note: event.note, at };
    case 'handoff_expired':
      return { kind: 'close', id: event.handoffId, status: 'expired', at };
    case 'handoff_cancelled':
      return { kind: 'close', id: event.handoffId, status: 'cancelled', at };
    default:
      return null;
  }
}

/** The changes of events stored together from `firstSeq`, in order. */
export function handoffChanges(conversationId: string, events: readonly ConversationEvent[], firstSeq: number, at: string): HandoffChange[] {
  const changes: HandoffChange[] = [];
  events.forEach((event, i) => {
    const change = handoffChange(conversationId, event, firstSeq + i, at);
    if (change) changes.push(change);
  });
  return changes;
}
