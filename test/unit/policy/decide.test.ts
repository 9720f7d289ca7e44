import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConversationEvent } from '../../../src/conversation/events.js';
import { fold, initialState, type ConversationState } from '../../../src/conversation/state.js';
import { decide, MAX_REASKS } from '../../../src/policy/decide.js';
import type { Entities, Intent, Understanding } from '../../../src/understanding/vocabulary.js';

const understood = (intent: Intent, entities: Entities = {}, confidence = 0.9): Understanding =>
  ({ role: 'unknown', roleConfidence: 0, intent, confidence, entities });

const run = (state: ConversationState, text: string, u: Understanding) => {
  const decision = decide({ state, understanding: u, secrets: [], text });
  return { decision, next: fold(decision.events, state) };
};

describe('decide', () => {
  it('greets and says goodbye', () => {
    assert.deepEqual(run(initialState, 'hi', understood('greeting')).decision.replies, [{ key: 'greeting' }]);
    assert.deepEqual(run(initialState, 'thanks bye', understood('goodbye')).decision.replies, [{ key: 'goodbye' }]);
  });

  it('asks for the order ID, then for proof of ownership, one at a time', () => {
    const first = run(initialState, 'where is my order', understood('order_status'));
    assert.equal(first.decision.kind, 'ask');
    assert.deepEqual(first.decision.replies, [{ key: 'ask-order-id' }]);
    assert.equal(first.next.awaiting, 'order_id');
    const second = run(first.next, '4829113', understood('order_status', { order_id: ['4829113'] }, 0.4));
    assert.deepEqual(second.decision.replies, [{ key: 'ask-owner-proof' }]);
    assert.equal(second.next.awaiting, 'email');
    assert.equal(second.next.collected.order_id, '4829113');
    const third = run(second.next, 'maria.lopez88@gmail.com', understood('other', { email: ['maria.lopez88@gmail.com'] }, 0.3));
    assert.equal(third.decision.kind, 'lookup');
    assert.deepEqual(third.decision.action, { kind: 'order_lookup', intent: 'order_status', orderId: '4829113', proof: { email: 'maria.lopez88@gmail.com' } });
    assert.equal(third.next.topic, null);
  });

  it('accepts several identifiers at once and goes straight to the lookup', () => {
    const { decision } = run(initialState, 'order 4829113, email maria@x.com', understood('order_status', { order_id: ['4829113'], email: ['maria@x.com'] }));
    assert.equal(decision.action?.kind, 'order_lookup');
  });

  it('takes a correction of an identifier already given', () => {
    const asked = run(initialState, 'order 4829113 status', understood('order_status', { order_id: ['4829113'] })).next;
    const corrected = run(asked, "sorry, it's 4829114", understood('order_status', { order_id: ['4829114'] }, 0.5)).next;
    assert.equal(corrected.collected.order_id, '4829114');
  });

  it('re-asks at most twice, then hands off', () => {
    let state = run(initialState, 'where is my order', understood('order_status')).next;
    for (let i = 0; i < MAX_REASKS; i++) {
      const r = run(state, 'dunno', understood('other', {}, 0.3));
      assert.equal(r.decision.kind, 'ask');
      assert.equal(r.decision.replies[0]?.key, 'reask');
      state = r.next;
    }
    const last = run(state, 'no idea', understood('other', {}, 0.3));
    assert.equal(last.decision.kind, 'escalate');
    assert.deepEqual(last.decision.handoff, { reason: 'repeated_failures' });
  });

  it('answers a side question and resumes the intake', () => {
    const state = run(initialState, 'where is my order', understood('order_status')).next;
    const side = run(state, 'how do i keep my api key safe', understood('api_key'));
    assert.equal(side.decision.action?.kind, 'article');
    assert.deepEqual(side.decision.after?.map((r) => r.key), ['resume-intake', 'ask-order-id']);
    assert.equal(side.next.awaiting, 'order_id');
    assert.equal(side.next.topic, 'order_status');
  });

  it('lets the visitor cancel an intake', () => {
    const state = run(initialState, 'where is my order', understood('order_status')).next;
    const cancelled = run(state, 'never mind', understood('other', {}, 0.4));
    assert.deepEqual(cancelled.decision.replies, [{ key: 'intake-cancelled' }]);
    assert.equal(cancelled.next.topic, null);
    assert.equal(cancelled.next.awaiting, null);
  });

  it('hands off on request, and is silent while a person holds the conversation', () => {
    assert.deepEqual(run(initialState, 'human please', understood('human_agent')).decision.handoff, { reason: 'visitor_asked' });
    const assigned = fold([
      { type: 'handoff_requested', handoffId: 'h', reason: 'visitor_asked', summary: '' },
      { type: 'handoff_claimed', handoffId: 'h', agent: 'sam' },
    ] satisfies ConversationEvent[]);
    const silent = run(assigned, 'hello?', understood('greeting'));
    assert.equal(silent.decision.kind, 'silent');
    assert.deepEqual(silent.decision.replies, []);
  });

  it('lets a queued visitor leave the queue', () => {
    const queued = fold([{ type: 'handoff_requested', handoffId: 'h', reason: 'visitor_asked', summary: '' }]);
    assert.deepEqual(run(queued, 'any news?', understood('order_status')).decision.replies, [{ key: 'handoff-waiting' }]);
    const left = run(queued, 'never mind', understood('other'));
    assert.equal(left.next.handoff, 'none');
  });

  it('asks instead of guessing, and hands off after two unclear turns', () => {
    const first = run(initialState, 'hmm the thing', understood('refund_request', {}, 0.3));
    assert.deepEqual(first.decision.replies, [{ key: 'capabilities' }]);
    const state = fold([{ type: 'message_understood', messageId: 'm', role: 'unknown', roleConfidence: 0, intent: 'other', confidence: 0.2, entities: {} }]);
    assert.deepEqual(run(state, 'the thing again', understood('other', {}, 0.2)).decision.handoff, { reason: 'low_confidence' });
  });

  it('collects payment details, then hands off with them', () => {
    let state = run(initialState, 'my deposit is missing', understood('payment_issue')).next;
    assert.equal(state.awaiting, 'payment_reference');
    state = run(state, 'TRX-99812', understood('payment_issue', { payment_reference: ['TRX-99812'] })).next;
    assert.equal(state.awaiting, 'payment_details');
    state = run(state, '50 usd yesterday at 3pm', understood('other', {}, 0.3)).next;
    assert.equal(state.awaiting, 'email');
    const done = run(state, 'me@shop.com', understood('other', { email: ['me@shop.com'] }, 0.3));
    assert.deepEqual(done.decision.handoff, { reason: 'needs_decision' });
    assert.equal(done.next.collected.payment_details, '50 usd yesterday at 3pm');
  });

  it('quotes a service rule when a service ID is given', () => {
    const { decision } = run(initialState, 'min for service 1204?', understood('service_info', { service_id: ['1204'] }));
    assert.deepEqual(decision.action, { kind: 'service_rule', serviceId: '1204' });
  });

  it('warns when a secret was removed', () => {
    const decision = decide({ state: initialState, understanding: understood('api_error', { api_error: ['Invalid API key'] }), secrets: ['api_key'], text: 'x' });
    assert.equal(decision.replies[0]?.key, 'secret-removed');
  });
});
