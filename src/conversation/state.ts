// The state of a conversation is a pure fold over its events; the materialised row is a cache of it.
import type { AskedSlot, SlotName } from '../policy/slots.js';
import type { Intent, Role } from '../understanding/vocabulary.js';
import type { ConversationEvent, Focus } from './events.js';

export type HandoffStatus = 'none' | 'queued' | 'assigned' | 'resolved';

export interface ConversationState {
  locale: string;
  role: Role;
  /** Strongest role evidence seen so far; the policy decides when new evidence overrides it. */
  roleConfidence: number;
  /** The topic of the conversation now (the last question's intent); follow-ups continue it. */
  topic: Intent | null;
  /** The last classified intent, whatever the topic. */
  intent: Intent | null;
  /** The one thing the bot asked for and is waiting for (a slot name), or null. */
  awaiting: AskedSlot | null;
  /** How many times in a row the awaited slot was asked for and not given a valid value. */
  rejections: number;
  /** Raw identifiers, server-side only: the API shows them masked (view.ts). */
  collected: Partial<Record<SlotName, string>>;
  handoff: HandoffStatus;
  handoffId: string | null;
  assignee: string | null;
  lowConfidenceStreak: number;
  userTurns: number;
  /** Guard blocks per topic: a second block on the same topic hands the conversation to a person. */
  guardBlocks: Partial<Record<Intent | 'none', number>>;
  /** Set when the host site vouched for the visitor (identity hash): ownership proof is not asked. */
  verifiedUserId: string | null;
  focus: Focus;
}

export const initialState: ConversationState = Object.freeze({
  locale: 'en',
  role: 'unknown',
  roleConfidence: 0,
  topic: null,
  intent: null,
  awaiting: null,
  rejections: 0,
  collected: {},
  handoff: 'none',
  handoffId: null,
  assignee: null,
  lowConfidenceStreak: 0,
  userTurns: 0,
  guardBlocks: {},
  verifiedUserId: null,
  focus: { orders: [], service: null, attributes: [], platforms: [], kinds: [], subject: null, section: null, shown: {} },
});

/** Below this, a classification counts as a low-confidence turn. */
export const LOW_CONFIDENCE = 0.5;

export function apply(state: ConversationState, event: ConversationEvent): ConversationState {
  switch (event.type) {
    case 'conversation_started':
      return { ...state, locale: event.locale, verifiedUserId: event.verifiedUserId ?? null };
    case 'user_said':
      return { ...state, userTurns: state.userTurns + 1 };
    case 'message_understood':
      return {
        ...state,
        intent: event.intent,
        lowConfidenceStreak: event.confidence < LOW_CONFIDENCE ? state.lowConfidenceStreak + 1 : 0,
      };
    case 'role_set':
      return { ...state, role: event.role, roleConfidence: event.confidence };
    case 'topic_set':
      return { ...state, topic: event.intent, rejections: 0 };
    case 'slot_set':
      return { ...state, collected: { ...state.collected, [event.slot]: event.value }, rejections: 0 };
    case 'slot_rejected':
      return { ...state, rejections: state.rejections + 1 };
    case 'awaiting_set':
      return { ...state, awaiting: event.slot };
    case 'focus_set': {
      const { type: _type, ...changed } = event;
      return { ...state, focus: { ...state.focus, ...changed } };
    }
    case 'handoff_requested':
      return { ...state, handoff: 'queued', handoffId: event.handoffId, assignee: null, awaiting: null };
    case 'handoff_claimed':
      return { ...state, handoff: 'assigned', assignee: event.agent };
    case 'handoff_resolved':
      return { ...state, handoff: 'resolved', assignee: null, topic: null, awaiting: null, rejections: 0 };
    case 'handoff_expired':
    case 'handoff_cancelled':
      return { ...state, handoff: 'none', handoffId: null, assignee: null };
    case 'guard_blocked': {
      const topic = event.topic ?? 'none';
      return { ...state, guardBlocks: { ...state.guardBlocks, [topic]: (state.guardBlocks[topic] ?? 0) + 1 } };
    }
    case 'bot_said':
    case 'handoff_overdue':
    case 'order_checked':
    case 'system_said':
    case 'agent_said':
      return state;
  }
}

export const fold = (events: readonly ConversationEvent[], from: ConversationState = initialState) => events.reduce(apply, from);
