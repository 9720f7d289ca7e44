// Shared pieces for the LLM writer tests: a few templates, a decision, and a fake chat model that
// remembers every prompt it was sent.
import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import type { BaseMessage } from '@langchain/core/messages';
import type { ChatResult } from '@langchain/core/outputs';
import { FakeListChatModel } from '@langchain/core/utils/testing';
import { createTemplateRenderer, type RenderContext } from '../../../src/turn/render-replies.js';
import { initialState } from '../../../src/conversation/state.js';
import type { ReplyPlan } from '../../../src/policy/decision.js';
import { parseTemplate, type Template } from '../../../src/replies/templates.js';

export const templates: ReadonlyMap<string, Template> = new Map([
  ['order-in-progress', parseTemplate('order-in-progress', 'Order {{orderId}} is In progress: delivery has started.')],
  ['order-detail', parseTemplate('order-detail', 'Panel details: status "{{rawStatus}}", start count {{startCount}}, remains {{remains}}, charge {{charge}}.')],
  ['ask-order-id', parseTemplate('ask-order-id', '---\nquickReplies: I don\'t know it | Talk to a person\n---\nCould you give me the order ID? It\'s the number in your order history (for example #1234567).')],
  ['guard-safe-reply', parseTemplate('guard-safe-reply', "I can't confirm that here. A person can check your case.")],
  ['kb-answer', parseTemplate('kb-answer', 'From our help article "{{title}}":\n\n{{excerpt}}')],
]);

export const baseRenderer = createTemplateRenderer(templates);

/** The reply plans of one turn, as the renderer receives them. */
export function decisionOf(...replies: ReplyPlan[]): ReplyPlan[] {
  return replies;
}

export function contextOf(visitorText: string): RenderContext {
  return { visitorText, state: { ...initialState, role: 'buyer' } };
}

/** FakeListChatModel that also keeps the messages of every call. */
export class RecordingModel extends FakeListChatModel {
  readonly seen: BaseMessage[][] = [];

  override async _generate(messages: BaseMessage[], options: this['ParsedCallOptions'], runManager?: CallbackManagerForLLMRun): Promise<ChatResult> {
    this.seen.push(messages);
    return super._generate(messages, options, runManager);
  }

  /** Everything the model was sent, one string per call. */
  prompts(): string[] {
    return this.seen.map((messages) => messages.map((m) => `[${m.type}]\n${String(m.content)}`).join('\n\n'));
  }
}

/** A model that always fails, as a provider outage or a 500 would. */
export class FailingModel extends FakeListChatModel {
  constructor() {
    super({ responses: ['unused'] });
  }

  override async _generate(): Promise<ChatResult> {
    throw Object.assign(new Error('upstream said: 500 internal error for prompt "Order 4829114 ..."'), { status: 500 });
  }
}
