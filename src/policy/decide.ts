// The dialogue policy: state + understanding in, Decision out. Pure; no I/O, no clock.
import type { ConversationEvent } from '../conversation/events.js';
import type { ConversationState } from '../conversation/state.js';
import type { SecretType, Understanding } from '../understanding/vocabulary.js';
import type { Decision, ReplyPlan } from './decision.js';

export interface DecideInput {
  state: ConversationState;
  understanding: Understanding;
  secrets: readonly SecretType[];
}

/** Role evidence this strong sets the conversation's role; weaker evidence waits for more. */
const ROLE_SETTLES_AT = 0.6;
const SECRET_NAMES: Record<SecretType, string> = { api_key: 'API key', password: 'password', card_number: 'card number' };

export function decide({ state, understanding, secrets }: DecideInput): Decision {
  const events: ConversationEvent[] = [...roleEvents(state, understanding)];
  const preface: ReplyPlan[] = secrets.length
    ? [{ key: 'secret-removed', vars: { secretKinds: joinWords(secrets.map((s) => SECRET_NAMES[s])) } }]
    : [];

  if (state.handoff === 'assigned') return { kind: 'silent', events, replies: [] };
  if (state.handoff === 'queued') return { kind: 'silent', events, replies: [...preface, { key: 'handoff-waiting' }] };

  switch (understanding.intent) {
    case 'greeting':
      return { kind: 'smalltalk', events, replies: [...preface, { key: 'greeting' }] };
    case 'goodbye':
      return { kind: 'smalltalk', events, replies: [...preface, { key: 'goodbye' }] };
    case 'human_agent':
      return { kind: 'escalate', events, replies: [...preface, { key: 'handoff-requested' }], handoff: { reason: 'visitor_asked' } };
    case 'other':
      return { kind: 'explain', events, replies: [...preface, { key: understanding.confidence >= 0.5 ? 'out-of-scope' : 'capabilities' }] };
    default:
      return { kind: 'explain', events, replies: [...preface, { key: 'capabilities' }] };
  }
}

function roleEvents(state: ConversationState, u: Understanding): ConversationEvent[] {
  if (u.role === 'unknown' || u.role === state.role) return [];
  // Sticky: a settled role changes only on stronger evidence than what settled it.
  if (u.roleConfidence < ROLE_SETTLES_AT || u.roleConfidence <= state.roleConfidence) return [];
  return [{ type: 'role_set', role: u.role, confidence: u.roleConfidence }];
}

const joinWords = (words: string[]) =>
  words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
