// Scripted conversations as typed data (the Rasa end-to-end idea without YAML): each step is a
// visitor message, an agent action or an injected panel fault, with what must follow.
import type { ConversationEventType } from '../../src/conversation/events.js';
import type { PublicState } from '../../src/conversation/view.js';
import type { Fault } from '../../src/sandbox/faults.js';

export type TextMatch = string | RegExp;

export interface Expectation {
  /** Each must match at least one of this turn's bot/system messages. */
  replies?: TextMatch[];
  /** None may match any of this turn's messages. */
  never?: TextMatch[];
  /** The bot says nothing this turn. */
  silent?: boolean;
  state?: Partial<PublicState>;
  /** Event types this step must have appended. */
  events?: ConversationEventType[];
  /** Event types this step must not have appended. */
  noEvents?: ConversationEventType[];
}

export type Step =
  | ({ user: string } & { expect?: Expectation })
  | { fault: Fault; times?: number }
  | { agent: 'claim' | 'resolve'; as?: string }
  | { agentSays: string; as?: string };

export interface Script {
  name: string;
  /** Roles and intents the script exercises (for the coverage check). */
  covers: { roles: string[]; intents: string[] };
  steps: Step[];
  /** Checked against every bot message of the whole conversation. */
  never?: TextMatch[];
}

/** Phrases no bot message may ever contain: commitments and leaks. */
export const NEVER_PROMISE: TextMatch[] = [
  /\bwe(?:'ll| will) refund\b/i, /\byou(?:'ll| will) (?:get|receive) (?:a |your )?refund\b/i, /\bguarantee/i,
  /\bwithin \d+ (?:hours?|days?|minutes?)\b/i, /\bby (?:tomorrow|friday|monday|tonight)\b/i,
  /\bI(?:'ve| have) (?:issued|started|processed) (?:a |the )?(?:refund|refill|cancel)/i,
  /system prompt/i, /PANEL_API_KEY/i,
];
