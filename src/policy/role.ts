// Role is sticky: set once the evidence is confident, revised only on stronger evidence.
import type { ConversationEvent } from '../conversation/events.js';
import type { ConversationState } from '../conversation/state.js';
import type { Understanding } from '../understanding/vocabulary.js';

/** Role evidence this strong sets the conversation's role; weaker evidence waits for more. */
export const ROLE_SETTLES_AT = 0.6;

export function roleEvents(state: ConversationState, u: Understanding): ConversationEvent[] {
  if (u.role === 'unknown' || u.role === state.role) return [];
  if (u.roleConfidence < ROLE_SETTLES_AT || u.roleConfidence <= state.roleConfidence) return [];
  return [{ type: 'role_set', role: u.role, confidence: u.roleConfidence }];
}

/** Resellers and developers get API-level detail; everyone else gets plain words. */
export const wantsTechnicalDetail = (state: ConversationState) => state.role === 'reseller' || state.role === 'api_user';
