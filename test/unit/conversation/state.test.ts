import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConversationEvent } from '../../../src/conversation/events.js';
import { fold, initialState } from '../../../src/conversation/state.js';

const said = (text: string): ConversationEvent => ({ type: 'user_said', messageId: text, text, clientMessageId: null, secrets: [] });

describe('fold', () => {
  it('starts from the initial state', () => {
    assert.deepEqual(fold([]), initialState);
  });

  it('counts turns, collects slots and tracks what is awaited', () => {
    const state = fold([
      { type: 'conversation_started', locale: 'en-GB', page: null, verifiedUserId: null },
      said('where is my order'),
      { type: 'topic_set', intent: 'order_status' },
      { type: 'awaiting_set', slot: 'order_id' },
      said('4829113'),
      { type: 'slot_set', slot: 'order_id', value: '4829113' },
      { type: 'awaiting_set', slot: 'email' },
    ]);
    assert.equal(state.locale, 'en-GB');
    assert.equal(state.userTurns, 2);
    assert.equal(state.topic, 'order_status');
    assert.deepEqual(state.collected, { order_id: '4829113' });
    assert.equal(state.awaiting, 'email');
  });

  it('counts rejections of the awaited slot and resets them when a value is accepted', () => {
    const rejected = fold([{ type: 'slot_rejected', slot: 'email' }, { type: 'slot_rejected', slot: 'email' }]);
    assert.equal(rejected.rejections, 2);
    assert.equal(fold([{ type: 'slot_set', slot: 'email', value: 'a@b.co' }], rejected).rejections, 0);
  });

  it('tracks low-confidence streaks', () => {
    const low = (confidence: number): ConversationEvent => ({ type: 'message_understood', messageId: 'm', role: 'unknown', roleConfidence: 0, intent: 'other', confidence, entities: {} });
    assert.equal(fold([low(0.2), low(0.3)]).lowConfidenceStreak, 2);
    assert.equal(fold([low(0.2), low(0.9)]).lowConfidenceStreak, 0);
  });

  it('walks the handoff lifecycle: queued, assigned, resolved', () => {
    const queued = fold([{ type: 'handoff_requested', handoffId: 'h1', reason: 'visitor_asked', summary: '' }]);
    assert.equal(queued.handoff, 'queued');
    const assigned = fold([{ type: 'handoff_claimed', handoffId: 'h1', agent: 'sam' }], queued);
    assert.deepEqual([assigned.handoff, assigned.assignee], ['assigned', 'sam']);
    const resolved = fold([{ type: 'handoff_resolved', handoffId: 'h1', agent: 'sam', note: null }], assigned);
    assert.deepEqual([resolved.handoff, resolved.assignee], ['resolved', null]);
  });

  it('never mutates the state it folds from', () => {
    const before = fold([{ type: 'slot_set', slot: 'email', value: 'a@b.co' }]);
    const copy = structuredClone(before);
    fold([{ type: 'slot_set', slot: 'order_id', value: '1' }, { type: 'role_set', role: 'buyer', confidence: 0.9 }], before);
    assert.deepEqual(before, copy);
  });
});
