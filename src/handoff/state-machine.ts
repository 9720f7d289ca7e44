// The handoff lifecycle, pure: a command against the current handoff either becomes events, is a
// harmless repeat (no events), or is refused with a 409. Every writer goes through here, so the
// bot can never be handed back (or talk) out of turn.
//
//   (none) ──request──▶ queued ──claim──▶ assigned ──resolve──▶ resolved ──▶ the bot again
//                         │ ╲                 │
//                         │  ╲──cancel──▶ cancelled ◀──cancel──┘
//                         └──expire──▶ expired
//
// A terminal handoff (resolved, expired, cancelled) never reopens: a later request opens a new one.
import type { ConversationEvent, HandoffReason } from '../conversation/events.js';
import { AppError } from '../errors.js';

/** The status of one handoff (the conversation-level `state.handoff` folds expired/cancelled to none). */
export const HANDOFF_STATUSES = ['queued', 'assigned', 'resolved', 'expired', 'cancelled'] as const;
export type HandoffStatus = (typeof HANDOFF_STATUSES)[number];

export const OPEN_STATUSES: readonly HandoffStatus[] = ['queued', 'assigned'];
export const isOpen = (status: HandoffStatus) => status === 'queued' || status === 'assigned';

export interface HandoffSnapshot {
  id: string;
  status: HandoffStatus;
  assignee: string | null;
}

export type HandoffCommand =
  | { kind: 'request'; handoffId: string; reason: HandoffReason; summary: string }
  | { kind: 'claim'; agent: string }
  | { kind: 'resolve'; agent: string; note: string | null }
  | { kind: 'expire' }
  | { kind: 'cancel' };

export type HandoffAction = HandoffCommand['kind'];
type From = HandoffStatus | 'none';

/** Which action moves which status where; anything missing is an invalid transition. */
export const TRANSITIONS: Readonly<Record<From, Partial<Record<HandoffAction, HandoffStatus>>>> = {
  none: { request: 'queued' },
  queued: { claim: 'assigned', expire: 'expired', cancel: 'cancelled' },
  assigned: { resolve: 'resolved', cancel: 'cancelled' },
  // Terminal for this handoff; `request` opens a new one.
  resolved: { request: 'queued' },
  expired: { request: 'queued' },
  cancelled: { request: 'queued' },
};

const conflict = (message: string) => new AppError('conflict', message);

/**
 * `current` is the conversation's latest handoff (null when it never had one). Returns the events
 * to append: one for a transition, none for an idempotent repeat (claiming what you already hold,
 * resolving what you already resolved). Throws AppError `conflict` for anything else.
 */
export function transition(current: HandoffSnapshot | null, command: HandoffCommand): ConversationEvent[] {
  const from: From = current?.status ?? 'none';

  if (command.kind === 'claim' && current?.status === 'assigned') {
    if (current.assignee === command.agent) return [];
    throw conflict(`another agent (${current.assignee ?? 'unknown'}) already holds this conversation`);
  }
  if (command.kind === 'resolve' && current?.status === 'resolved' && current.assignee === command.agent) return [];
  if (command.kind === 'resolve' && current?.status === 'assigned' && current.assignee !== command.agent) {
    throw conflict('only the agent who holds this conversation can resolve it');
  }

  if (!TRANSITIONS[from][command.kind]) throw conflict(refusal(from, command.kind));

  switch (command.kind) {
    case 'request':
      return [{ type: 'handoff_requested', handoffId: command.handoffId, reason: command.reason, summary: command.summary }];
    case 'claim':
      return [{ type: 'handoff_claimed', handoffId: idOf(current), agent: command.agent }];
    case 'resolve':
      return [{ type: 'handoff_resolved', handoffId: idOf(current), agent: command.agent, note: command.note }];
    case 'expire':
      return [{ type: 'handoff_expired', handoffId: idOf(current) }];
    case 'cancel':
      return [{ type: 'handoff_cancelled', handoffId: idOf(current) }];
  }
}

/** Only the agent holding the handoff may write to the visitor. */
export function assertCanReply(current: HandoffSnapshot, agent: string): void {
  if (current.status !== 'assigned') throw conflict(`this conversation is ${current.status}; claim it before replying`);
  if (current.assignee !== agent) throw conflict('only the agent who holds this conversation can reply');
}

function idOf(current: HandoffSnapshot | null): string {
  // Unreachable: every action but `request` needs a current handoff, and TRANSITIONS has none from 'none'.
  if (!current) throw conflict('there is no handoff to change');
  return current.id;
}

function refusal(from: From, action: HandoffAction): string {
  if (from === 'none') return `there is no handoff to ${action}`;
  if (action === 'request') return `a handoff is already ${from}`;
  if (from === 'queued' && action === 'resolve') return 'claim this conversation before resolving it';
  return `cannot ${action} a handoff that is ${from}`;
}
