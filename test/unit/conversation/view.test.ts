import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConversationEvent, StoredEvent } from '../../../src/conversation/events.js';
import { forVisitor, maskIdentifier, messagesAt, toMessage, toMessages, toPublicState } from '../../../src/conversation/view.js';
import { fold } from '../../../src/conversation/state.js';

describe('maskIdentifier', () => {
  for (const [slot, value, masked] of [
    ['email', 'maria.lopez88@gmail.com', 'm***@gmail.com'],
    ['order_id', '4829113', '48***13'],
    ['link', 'https://www.instagram.com/fitwithjade', 'htt***ade'],
    ['payment_reference', '8UJ12345AB678901C', '8UJ***01C'],
    ['order_id', '123', '***'],
  ] as const) {
    it(`masks ${slot} ${value}`, () => {
      const result = maskIdentifier(slot, value);
      assert.equal(result, masked);
      assert.notEqual(result, value);
    });
  }
});

describe('toPublicState', () => {
  it('shows the topic as the intent and masks every collected value', () => {
    const state = fold([
      { type: 'topic_set', intent: 'order_status' },
      { type: 'slot_set', slot: 'email', value: 'ben.k@icloud.com' },
      { type: 'message_understood', messageId: 'm', role: 'buyer', roleConfidence: 0.9, intent: 'greeting', confidence: 0.9, entities: {} },
    ]);
    const view = toPublicState(state);
    assert.equal(view.intent, 'order_status');
    assert.deepEqual(view.collected, { email: 'b***@icloud.com' });
  });
});

describe('forVisitor', () => {
  const said = (shownAs?: string): ConversationEvent => ({ type: 'agent_said', messageId: 'a1', text: 'hello', agent: 'sam', ...(shownAs ? { shownAs } : {}) });

  it('names an agent as the visitor saw it when it spoke; agents keep the login and the shown name', () => {
    const message = toMessage(said('Sam K.'), 'x');
    assert.deepEqual(message, { id: 'a1', from: 'agent', text: 'hello', createdAt: 'x', agent: 'sam', agentShownAs: 'Sam K.' });
    assert.deepEqual(forVisitor(message!), { id: 'a1', from: 'agent', text: 'hello', createdAt: 'x', agent: 'Sam K.' });
  });

  it('shows the login name for events written before display names', () => {
    assert.deepEqual(forVisitor(toMessage(said(), 'x')!), { id: 'a1', from: 'agent', text: 'hello', createdAt: 'x', agent: 'sam' });
  });

  it('leaves every other message as it is', () => {
    const user = toMessage({ type: 'user_said', messageId: 'u1', text: 'hi', clientMessageId: null, secrets: [] }, 'x')!;
    assert.equal(forVisitor(user), user);
  });
});

describe('toMessage', () => {
  it('shows quick replies only when there are some', () => {
    const base = { messageId: 'm1', text: 'hi', replyKey: 'greeting', inReplyTo: null } as const;
    assert.equal('quickReplies' in (toMessage({ ...base, type: 'bot_said', quickReplies: [] }, 'x') ?? {}), false);
    assert.deepEqual(toMessage({ ...base, type: 'bot_said', quickReplies: ['A'] }, 'x')?.quickReplies, ['A']);
  });

  it('has no message for bookkeeping events', () => {
    assert.equal(toMessage({ type: 'slot_set', slot: 'email', value: 'a@b.co' }, 'x'), null);
  });
});

describe('messagesAt and toMessages', () => {
  const said: ConversationEvent = { type: 'user_said', messageId: 'u1', text: 'hello', clientMessageId: null, secrets: [] };
  const slot: ConversationEvent = { type: 'slot_set', slot: 'email', value: 'a@b.co' };
  const answer: ConversationEvent = { type: 'bot_said', messageId: 'b1', text: 'hi!', replyKey: 'greeting', quickReplies: [], inReplyTo: 'u1' };

  it('gives the messages of events written together, in order, at the time they were written', () => {
    assert.deepEqual(messagesAt([said, slot, answer], 'T'), [
      { id: 'u1', from: 'user', text: 'hello', createdAt: 'T' },
      { id: 'b1', from: 'bot', text: 'hi!', createdAt: 'T' },
    ]);
  });

  it('gives stored events each their own time', () => {
    const stored: StoredEvent[] = [{ ...said, seq: 1, at: 'T1' }, { ...slot, seq: 2, at: 'T1' }, { ...answer, seq: 3, at: 'T2' }];
    assert.deepEqual(toMessages(stored).map((m) => [m.id, m.createdAt]), [['u1', 'T1'], ['b1', 'T2']]);
  });
});
