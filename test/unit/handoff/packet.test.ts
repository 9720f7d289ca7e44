import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConversationEvent, StoredEvent } from '../../../src/conversation/events.js';
import { initialState, type ConversationState } from '../../../src/conversation/state.js';
import { buildHandoffPacket, PACKET_BOT_LINES, summariseForHandoff } from '../../../src/handoff/packet.js';

const at = (minute: number) => `2026-11-22T10:${String(minute).padStart(2, '0')}:00.000Z`;
let seq = 0;
const stored = (event: ConversationEvent, minute = 0): StoredEvent => ({ ...event, seq: ++seq, at: at(minute) });

const buyer: ConversationState = {
  ...initialState,
  role: 'buyer',
  topic: 'order_status',
  intent: 'human_agent',
  collected: { order_id: '4829113', email: 'mia.jones@gmail.com' },
};

const history: StoredEvent[] = [
  stored({ type: 'bot_said', messageId: 'b1', text: 'Hi! How can I help?', replyKey: 'greeting', quickReplies: [], inReplyTo: null }, 0),
  stored({ type: 'user_said', messageId: 'u1', text: 'where is order 4829113, mia.jones@gmail.com', clientMessageId: null, secrets: [] }, 1),
  stored({ type: 'order_checked', orderId: '4829113', outcome: 'not_verified', status: null, remains: null, startCount: null, fetchedAt: at(1) }, 1),
  stored({ type: 'guard_blocked', replyKey: 'order-detail', rules: ['no-delivery-date'], draft: 'It will arrive tomorrow.', topic: 'order_status' }, 1),
  stored({ type: 'bot_said', messageId: 'b2', text: "I couldn't match that order to your details.", replyKey: 'order-not-verified', quickReplies: [], inReplyTo: 'u1' }, 1),
  stored({ type: 'handoff_requested', handoffId: 'h1', reason: 'visitor_asked', summary: '' }, 2),
];

describe('buildHandoffPacket', () => {
  it('carries role, intent, identifiers in full, panel facts with their time, bot lines and blocked drafts', () => {
    const packet = buildHandoffPacket(buyer, history);
    assert.equal(packet.role, 'buyer');
    assert.equal(packet.intent, 'order_status', 'the topic being worked on, not the last classification');
    assert.equal(packet.reason, 'visitor_asked');
    assert.deepEqual(packet.identifiers, { order_id: '4829113', email: 'mia.jones@gmail.com' });
    assert.deepEqual(packet.panelFacts, [
      { orderId: '4829113', outcome: 'not_verified', status: null, remains: null, startCount: null, fetchedAt: at(1) },
    ]);
    assert.deepEqual(packet.botSaid.map((b) => b.text), ['Hi! How can I help?', "I couldn't match that order to your details."]);
    assert.equal(packet.botSaid[1]?.at, at(1));
    assert.deepEqual(packet.blockedDrafts, [{ replyKey: 'order-detail', rules: ['no-delivery-date'], draft: 'It will arrive tomorrow.', at: at(1) }]);
    assert.equal(packet.summarySource, 'facts');
  });

  it('does not share the state object (a packet is a snapshot)', () => {
    const packet = buildHandoffPacket(buyer, history);
    packet.identifiers.order_id = 'changed';
    assert.equal(buyer.collected.order_id, '4829113');
  });

  it('tolerates a conversation with no facts, no bot lines and no handoff yet', () => {
    const packet = buildHandoffPacket(initialState, []);
    assert.deepEqual(packet, {
      reason: null, role: 'unknown', intent: null, identifiers: {}, panelFacts: [], botSaid: [], blockedDrafts: [],
      summary: 'Visitor; no identifiers given.', summarySource: 'facts',
    });
  });

  it('keeps only the last bot lines', () => {
    const many = Array.from({ length: 12 }, (_, i) =>
      stored({ type: 'bot_said', messageId: `m${i}`, text: `line ${i}`, replyKey: 'greeting', quickReplies: [], inReplyTo: null }, i));
    const packet = buildHandoffPacket(initialState, many);
    assert.equal(packet.botSaid.length, PACKET_BOT_LINES);
    assert.equal(packet.botSaid.at(-1)?.text, 'line 11');
  });

  it('reads not-yet-stored events (no time) as well', () => {
    const packet = buildHandoffPacket(initialState, [{ type: 'bot_said', messageId: 'b', text: 'hello', replyKey: 'greeting', quickReplies: [], inReplyTo: null }]);
    assert.deepEqual(packet.botSaid, [{ text: 'hello', at: null }]);
  });
});

describe('summariseForHandoff', () => {
  it('is one sentence of facts: who, what, identifiers, what the bot found, and why', () => {
    assert.equal(summariseForHandoff(buyer, history),
      'Buyer asking about order status; gave order 4829113 and email mia.jones@gmail.com; '
      + 'bot could not verify ownership for order 4829113; guard blocked 1 bot draft; asked for a person.');
  });

  it('says what the panel showed, with the status', () => {
    const shown = [stored({ type: 'order_checked', orderId: '77', outcome: 'shown', status: 'In progress', remains: 10, startCount: 5, fetchedAt: at(3) })];
    assert.match(summariseForHandoff({ ...buyer, collected: { order_id: '77' } }, shown), /gave order 77; bot showed the order status \(In progress\) for order 77\.$/);
  });

  it('names each reason in words', () => {
    const outage = [stored({ type: 'handoff_requested', handoffId: 'h', reason: 'panel_outage', summary: '' })];
    assert.match(summariseForHandoff({ ...initialState, role: 'reseller', topic: 'refill_request' }, outage),
      /^Reseller asking about refill request; no identifiers given; the panel could not be reached\.$/);
  });

  it('uses the latest request when a conversation was handed over twice', () => {
    const twice = [
      stored({ type: 'handoff_requested', handoffId: 'a', reason: 'low_confidence', summary: '' }),
      stored({ type: 'handoff_requested', handoffId: 'b', reason: 'needs_decision', summary: '' }),
    ];
    assert.match(summariseForHandoff(initialState, twice), /needs a decision only staff can make\.$/);
  });

  it('is bounded', () => {
    const long = { ...initialState, collected: Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`slot_${i}`, 'x'.repeat(40)])) };
    assert.ok(summariseForHandoff(long, []).length <= 1000);
  });
});
