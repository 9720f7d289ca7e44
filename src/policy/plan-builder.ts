// The decision a turn is building: its state events, its steps in the visitor's order, whether it
// asked something or hands off. Parts add to it; `decision()` closes it.
import type { ConversationEvent, HandoffReason } from '../conversation/events.js';
import type { ConversationState } from '../conversation/state.js';
import type { Intent } from '../understanding/vocabulary.js';
import type { Action, Decision, DecisionKind, ReplyPlan, Step } from './decision.js';
import type { Reading } from './read.js';
import type { AskedSlot } from './slots.js';

export class PlanBuilder {
  readonly steps: Step[] = [];
  handoff: { reason: HandoffReason } | undefined;
  /** Set when a part answered or asked for what the conversation was waiting for. */
  touchedPending = false;
  private asked = false;
  private answered = false;

  constructor(readonly state: ConversationState, readonly r: Reading, readonly events: ConversationEvent[]) {}

  event(...events: ConversationEvent[]): this {
    this.events.push(...events);
    return this;
  }

  reply(plan: ReplyPlan): this {
    this.steps.push({ reply: plan });
    return this;
  }

  act(action: Action): this {
    this.steps.push({ action });
    this.answered = true;
    return this;
  }

  ask(plan: ReplyPlan, slot: AskedSlot): this {
    this.asked = true;
    return this.reply(plan).event({ type: 'awaiting_set', slot });
  }

  escalate(reason: HandoffReason): this {
    this.handoff ??= { reason };
    return this;
  }

  topic(intent: Intent): this {
    if (this.state.topic !== intent || this.events.some((e) => e.type === 'topic_set')) this.event({ type: 'topic_set', intent });
    return this;
  }

  /** The role as this turn leaves it (the message may have just made it clear). */
  role(): ConversationState['role'] {
    const set = this.events.filter((e) => e.type === 'role_set').at(-1);
    return set?.type === 'role_set' ? set.role : this.state.role;
  }

  hasActions(): boolean {
    return this.answered;
  }

  decision(kind?: DecisionKind): Decision {
    const lookup = this.steps.some((s) => 'action' in s && s.action.kind === 'order_lookup');
    const decided: DecisionKind = kind ?? (this.handoff ? 'escalate' : lookup ? 'lookup' : this.answered ? 'answer' : this.asked ? 'ask' : 'explain');
    // Nothing asked any more: the wait is over.
    if (!this.asked && this.state.awaiting && this.touchedPending && !this.events.some((e) => e.type === 'awaiting_set')) {
      this.events.push({ type: 'awaiting_set', slot: null });
    }
    return { kind: decided, events: this.events, steps: this.steps, ...(this.handoff ? { handoff: this.handoff } : {}) };
  }
}
