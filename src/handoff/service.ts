// Agent actions on a handoff. Each one takes the conversation's lock (the same KeyedMutex the
// visitor's turn uses), re-reads the handoff under it, asks the state machine, and commits through
// the shared commit stage, so an agent action and a visitor turn can never interleave (on another
// instance, the conditional append refuses the second writer).
import { shownName, type SignedInAgent } from '../agents/agent-directory.js';
import type { IdGen } from '../clock.js';
import { commitEvents, retryOnConflict, type CommitDeps } from '../turn/commit.js';
import type { ConversationEvent } from '../conversation/events.js';
import type { KeyedMutex } from '../turn/keyed-mutex.js';
import type { Message } from '../conversation/view.js';
import { AppError, notFound } from '../errors.js';
import { agentJoined, agentLeft } from './messages.js';
import type { Template } from '../replies/templates.js';
import type { ConversationRecord, HandoffRow, HandoffStore } from '../storage/port.js';
import { assertCanReply, transition } from './state-machine.js';
import type { HandoffReader, HandoffView } from './view.js';

export interface HandoffDeps extends CommitDeps {
  handoffs: HandoffStore;
  reader: HandoffReader;
  mutex: KeyedMutex;
  ids: IdGen;
  /** The reply templates: the joined/left/expired lines are worded there (handoff/messages.ts). */
  templates: ReadonlyMap<string, Template>;
}

async function underLock<T>(deps: HandoffDeps, handoffId: string, task: (row: HandoffRow, record: ConversationRecord) => Promise<T>): Promise<T> {
  const first = await deps.handoffs.get(handoffId);
  if (!first) throw notFound('handoff');
  // Re-read under the lock: a visitor's turn or another agent may have changed it meanwhile. On
  // another instance the lock does not reach: its append comes first and this one is refused, so
  // it is read and checked once more (a claim that lost the race is then "already claimed").
  return deps.mutex.run(first.conversationId, () => retryOnConflict(2, async () => {
    const row = await deps.handoffs.get(handoffId);
    const record = await deps.store.get(first.conversationId);
    if (!row || !record) throw notFound('handoff');
    return task(row, record);
  }));
}

async function viewOf(deps: HandoffDeps, handoffId: string): Promise<HandoffView> {
  const view = await deps.reader.get(handoffId);
  if (!view) throw notFound('handoff');
  return view;
}

// The handoff events and the assignee name the agent by login; what the visitor is told names it as
// it is shown now, written into the events so the transcript stays as the visitor saw it.
export function claimHandoff(deps: HandoffDeps, handoffId: string, agent: SignedInAgent): Promise<HandoffView> {
  return underLock(deps, handoffId, async (row, record) => {
    const events = transition(row, { kind: 'claim', agent: agent.name });
    if (events.length) {
      await commitEvents(deps, record, [...events, { type: 'system_said', messageId: deps.ids(), text: agentJoined(deps.templates, shownName(agent)) }]);
    }
    return viewOf(deps, handoffId);
  });
}

export function replyToHandoff(deps: HandoffDeps, handoffId: string, agent: SignedInAgent, text: string): Promise<Message> {
  return underLock(deps, handoffId, async (row, record) => {
    assertCanReply(row, agent.name);
    const event: ConversationEvent = { type: 'agent_said', messageId: deps.ids(), agent: agent.name, shownAs: shownName(agent), text };
    const [message] = (await commitEvents(deps, record, [event])).messages;
    if (!message) throw new AppError('internal', 'the reply was stored but could not be shown');
    return message;
  });
}

export function resolveHandoff(deps: HandoffDeps, handoffId: string, agent: SignedInAgent, note: string | null): Promise<HandoffView> {
  return underLock(deps, handoffId, async (row, record) => {
    const events = transition(row, { kind: 'resolve', agent: agent.name, note });
    // "Left" comes first so it is still part of the agent's conversation when they see it.
    if (events.length) await commitEvents(deps, record, [{ type: 'system_said', messageId: deps.ids(), text: agentLeft(deps.templates, shownName(agent)) }, ...events]);
    return viewOf(deps, handoffId);
  });
}

/**
 * A handoff taken by people outside Parley's console (a channel with its own agents' inbox,
 * Chatwoot's), held in `holder`'s name: it leaves the console's queue and the expiry timer. No
 * joined line: the visitor is in that inbox, whose agents speak for themselves. False when the
 * handoff is no longer queued (claimed in the console meanwhile, expired, cancelled): left as it is.
 */
export function holdElsewhere(deps: HandoffDeps, handoffId: string, holder: string): Promise<boolean> {
  return underLock(deps, handoffId, async (row, record) => {
    if (row.status !== 'queued') return row.status === 'assigned' && row.assignee === holder;
    await commitEvents(deps, record, transition(row, { kind: 'claim', agent: holder }));
    return true;
  });
}

/**
 * The outside inbox gave the conversation back (Chatwoot: pending again, or resolved): a handoff
 * `holder` holds is resolved, without the left line, and the bot speaks again. False when it does
 * not hold one.
 */
export function releaseElsewhere(deps: HandoffDeps, handoffId: string, holder: string, note: string): Promise<boolean> {
  return underLock(deps, handoffId, async (row, record) => {
    if (row.status !== 'assigned' || row.assignee !== holder) return false;
    await commitEvents(deps, record, transition(row, { kind: 'resolve', agent: holder, note }));
    return true;
  });
}
