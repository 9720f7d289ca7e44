import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskIdentifier, toMessage, toPublicState } from '../../../src/conversation/view.js';
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

describe('toMessage', () => {
  it('shows quick replies only when there are some', () => {
    const base = { seq: 1, at: '2026-11-22T10:00:00.000Z', messageId: 'm1', text: 'hi', replyKey: 'greeting', inReplyTo: null } as const;
    assert.equal('quickReplies' in (toMessage({ ...base, type: 'bot_said', quickReplies: [] }) ?? {}), false);
    assert.deepEqual(toMessage({ ...base, type: 'bot_said', quickReplies: ['A'] })?.quickReplies, ['A']);
  });

  it('has no message for bookkeeping events', () => {
    assert.equal(toMessage({ seq: 1, at: 'x', type: 'slot_set', slot: 'email', value: 'a@b.co' }), null);
  });
});
