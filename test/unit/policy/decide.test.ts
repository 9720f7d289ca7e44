import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConversationEvent } from '../../../src/conversation/events.js';
import { fold, initialState, type ConversationState } from '../../../src/conversation/state.js';
import { decide, MAX_REASKS } from '../../../src/policy/decide.js';
import type { Action, Decision } from '../../../src/policy/decision.js';
import { MAX_ORDERS_PER_TURN } from '../../../src/policy/read.js';
import { extractEntities } from '../../../src/understanding/entities.js';
import type { Intent, Understanding } from '../../../src/understanding/vocabulary.js';
import { lexicon } from '../../helpers/test-app.js';

const policy = { lexicon, orderIdPattern: /^[0-9]{3,20}$/ };

/** The classifier's verdict is given; the entities are the real extractor's, so texts stay honest. */
const understood = (text: string, intent: Intent, confidence = 0.9): Understanding =>
  ({ role: 'unknown', roleConfidence: 0, intent, confidence, entities: extractEntities(text) });

const run = (state: ConversationState, text: string, intent: Intent, confidence = 0.9) => {
  const decision = decide({ state, understanding: understood(text, intent, confidence), secrets: [], text, policy });
  return { decision, next: fold(decision.events, state) };
};

const replyKeys = (d: Decision) => d.steps.flatMap((s) => ('reply' in s ? [s.reply.key] : []));
const actions = (d: Decision): Action[] => d.steps.flatMap((s) => ('action' in s ? [s.action] : []));
const queued = fold([{ type: 'handoff_requested', handoffId: 'h', reason: 'visitor_asked', summary: '' }]);

describe('decide: answer first, ask only for what an object still needs', () => {
  it('looks an order up at once when the message has the order and the proof', () => {
    const { decision } = run(initialState, 'order 4831239, email maria.lopez88@gmail.com, where is it?', 'order_status');
    assert.deepEqual(actions(decision), [{ kind: 'order_lookup', request: 'status', orderId: '4831239', proof: { email: 'maria.lopez88@gmail.com' } }]);
    assert.deepEqual(replyKeys(decision), []);
  });

  it('asks only for the proof when the order is given, naming the order, and keeps the request', () => {
    const first = run(initialState, 'i want a refund for 4830568', 'refund_request');
    assert.deepEqual(replyKeys(first.decision), ['ask-owner-proof']);
    assert.equal(first.next.awaiting, 'email');
    const second = run(first.next, 'aisha.bello.media@gmail.com', 'account_access', 0.4);
    assert.deepEqual(actions(second.decision), [{ kind: 'order_lookup', request: 'refund', orderId: '4830568', proof: { email: 'aisha.bello.media@gmail.com' } }]);
    assert.equal(second.next.awaiting, null);
  });

  it('takes someone asking about their own order for a buyer when nothing else marks their role', () => {
    assert.equal(run(initialState, 'hola, donde esta mi pedido 4831239? mi correo es maria.lopez88@gmail.com', 'order_status', 0.34).next.role, 'buyer');
  });

  it('accepts an account ID as proof at any point, in the first message too', () => {
    const { decision } = run(initialState, 'why did my order 4829609 get canceled?? account id u-10745', 'order_problem');
    assert.deepEqual(actions(decision), [{ kind: 'order_lookup', request: 'status', orderId: '4829609', proof: { accountId: 'u-10745' } }]);
  });

  it('handles each order of a message, with its own lookup, up to the limit', () => {
    const { decision } = run(initialState, 'check 4831239, 4832177, 4830353 and 4829893 on maria.lopez88@gmail.com', 'order_status');
    assert.deepEqual(actions(decision).map((a) => a.kind === 'order_lookup' && a.orderId), ['4831239', '4832177', '4830353'].slice(0, MAX_ORDERS_PER_TURN));
  });

  it('replaces a corrected order ID and checks the new one only', () => {
    const first = run(initialState, 'order 4829609 status pls', 'order_status').next;
    const corrected = run(first, 'sorry wrong id, its 4831759', 'order_problem').next;
    assert.deepEqual(corrected.focus.orders, ['4831759']);
    const looked = run(corrected, 'aisha.bello.media@gmail.com', 'account_access', 0.4).decision;
    assert.deepEqual(actions(looked).map((a) => a.kind === 'order_lookup' && a.orderId), ['4831759']);
  });

  it('keeps the proof for the next order ("same email")', () => {
    const first = run(initialState, 'status of order 4831239? my email is jake.miller22@gmail.com', 'order_status').next;
    const next = run(first, 'hm ok what about 4839917 then, same email', 'order_status');
    assert.deepEqual(actions(next.decision), [{ kind: 'order_lookup', request: 'status', orderId: '4839917', proof: { email: 'jake.miller22@gmail.com' } }]);
  });

  it('asks which order when the visitor introduces themselves, without an ID', () => {
    const { decision } = run(initialState, 'hi! my email is tomasz.kowalczyk@proton.me, i have a few orders with you', 'account_access');
    assert.deepEqual(replyKeys(decision), ['identity-noted', 'ask-order-id']);
  });

  it('says where the order ID is when the visitor offers an email instead', () => {
    const state = run(initialState, "where's my order", 'order_status').next;
    const { decision, next } = run(state, "i don't have the id, my email is maria.lopez88@gmail.com", 'account_access', 0.5);
    assert.deepEqual(replyKeys(decision), ['order-id-where']);
    assert.equal(next.awaiting, 'order_id');
    assert.equal(next.collected.email, 'maria.lopez88@gmail.com');
  });

  it('reads "I want to order 100000 tiktok followers" as a question about the service’s limits', () => {
    const { decision } = run(initialState, 'I want to order 100000 tiktok followers', 'order_status', 0.7);
    assert.deepEqual(actions(decision).map((a) => a.kind === 'service_rules' && [a.platforms, a.kinds, a.quantity]), [[['tiktok'], ['followers'], 100000]]);
  });

  it('asks for the order ID for "where is my order", but answers a general status question from the articles', () => {
    assert.deepEqual(replyKeys(run(initialState, "where's my order", 'order_status').decision), ['ask-order-id']);
    const general = run(initialState, 'what does partial status mean?', 'order_status', 0.78).decision;
    assert.equal(actions(general)[0]?.kind, 'article');
  });
});

describe('decide: services by name and follow-ups', () => {
  it('reads a service question by platform, kind and the rules asked', () => {
    const { decision, next } = run(initialState, 'min and max for tiktok followers?', 'service_info');
    assert.deepEqual(actions(decision), [{ kind: 'service_rules', serviceIds: [], platforms: ['tiktok'], kinds: ['followers'], attributes: ['min', 'max'], quantity: null, listDripfeed: false, apiError: null }]);
    assert.equal(next.topic, 'service_info');
    const follow = run(next, 'and youtube views?', 'service_info', 0.87).decision;
    assert.deepEqual(actions(follow)[0], { kind: 'service_rules', serviceIds: [], platforms: ['youtube'], kinds: ['views'], attributes: ['min', 'max'], quantity: null, listDripfeed: false, apiError: null });
  });

  it('sends a question the other parts do not cover to the help articles, quietly', () => {
    const { decision } = run(initialState, "what's the price of tiktok likes? and how do i pay?", 'service_info');
    assert.deepEqual(actions(decision).map((a) => a.kind === 'article' ? [a.kind, a.questions, a.whenNothing] : [a.kind]), [['service_rules'], ['article', ['and how do i pay?'], 'silent']]);
  });

  it('completes a half-named service from the last question ("and for instagram?", "i meant instagram not tiktok")', () => {
    const state = run(initialState, 'min and max for tiktok followers?', 'service_info').next;
    const instagram = (text: string) => actions(run(state, text, 'service_info', 0.7).decision).map((a) => a.kind === 'service_rules' && [a.platforms, a.kinds, a.attributes]);
    assert.deepEqual(instagram('and for instagram?'), [[['instagram'], ['followers'], ['min', 'max']]]);
    assert.deepEqual(instagram('sorry i meant instagram not tiktok'), [[['instagram'], ['followers'], ['min', 'max']]]);
  });

  it('asks a follow-up of the service in view ("can I cancel it?")', () => {
    const state = fold([{ type: 'topic_set', intent: 'service_info' }, { type: 'focus_set', service: '3405', attributes: ['refill'] }]);
    const { decision } = run(state, 'and can i cancel it if it goes too slow?', 'cancel_request', 0.81);
    assert.deepEqual(actions(decision), [{ kind: 'service_rules', serviceIds: ['3405'], platforms: [], kinds: [], attributes: ['cancel'], quantity: null, listDripfeed: false, apiError: null }]);
  });

  it('asks a follow-up of the order in view with the proof already given', () => {
    const state = run(initialState, 'status on 4831239? link is instagram.com/fitwithjade', 'order_status').next;
    const refill = run(state, 'ok and can i get a refill on it later if they drop?', 'refill_request').decision;
    assert.deepEqual(actions(refill), [{ kind: 'order_lookup', request: 'refill', orderId: '4831239', proof: { link: 'instagram.com/fitwithjade' } }]);
    const eta = run(state, 'ok so roughly when will the rest come in?', 'other', 1).decision;
    assert.equal(actions(eta)[0]?.kind === 'order_lookup' && actions(eta)[0], actions(eta)[0]);
    assert.deepEqual(actions(eta).map((a) => a.kind === 'order_lookup' && a.request), ['eta']);
  });

  it('points at one of the orders in view ("the first one")', () => {
    const state = run(initialState, 'where are orders 4829304 and 4829564? maria.lopez88@gmail.com', 'order_status').next;
    const { decision } = run(state, 'and the first one, can i refill it?', 'refill_request');
    assert.deepEqual(actions(decision).map((a) => a.kind === 'order_lookup' && [a.orderId, a.request]), [['4829304', 'refill']]);
  });

  it('keeps the order in view through a question about what its status means', () => {
    const shown = fold([{ type: 'focus_set', subject: 'Processing', shown: { 4831829: 'Processing|2000' } }], run(initialState, 'status of 4831829? tomasz.kowalczyk@proton.me', 'order_status').next);
    const meaning = run(shown, 'what does that mean?', 'service_info', 0.6);
    assert.equal(meaning.next.topic, 'order_status');
    const eta = run(meaning.next, 'ok how long will it stay like that', 'delivery_time').decision;
    assert.deepEqual(actions(eta).map((a) => a.kind === 'order_lookup' && a.request), ['eta']);
  });

  it('searches a follow-up question with the subject of the last answer', () => {
    const state = fold([{ type: 'topic_set', intent: 'api_error' }, { type: 'focus_set', subject: 'Too many requests', section: 'api-errors#"Too many requests"' }]);
    const { decision } = run(state, 'and how do i avoid that?', 'integration_help', 0.78);
    assert.deepEqual(actions(decision), [{ kind: 'article', questions: ['and how do i avoid that?'], intent: 'integration_help', subject: 'Too many requests', lastSection: 'api-errors#"Too many requests"', whenNothing: 'say', minRelevance: 1 }]);
  });

  it('drops a service the visitor takes back ("2305 not 2310")', () => {
    const state = fold([{ type: 'topic_set', intent: 'api_error' }, { type: 'focus_set', attributes: ['min', 'max'] }]);
    const { decision } = run(state, 'wait sorry i meant service 2305 not 2310', 'service_info', 0.99);
    assert.deepEqual(actions(decision).map((a) => a.kind === 'service_rules' && [a.serviceIds, a.attributes]), [[['2305'], ['min', 'max']]]);
  });
});

describe('decide: API errors, payments, affiliates, safety', () => {
  it('answers an API error about limits with the live rules of the service and the quantity sent', () => {
    const { decision } = run(initialState, 'my api returns "Quantity less than minimal 100" for service 1201, i sent quantity=50', 'api_error');
    assert.deepEqual(actions(decision), [{ kind: 'service_rules', serviceIds: ['1201'], platforms: [], kinds: [], attributes: ['min', 'max'], quantity: 50, listDripfeed: false, apiError: 'quantity' }]);
  });

  it('answers every error of a message, and sends an undocumented one to a person when no article knows it', () => {
    const { decision } = run(initialState, 'status calls return "Invalid action" and add returns "Not enough funds on balance"', 'api_error');
    assert.deepEqual(actions(decision).map((a) => a.kind === 'article' && [a.questions, a.whenNothing]), [[['Invalid action'], 'person'], [['Not enough funds on balance'], 'person']]);
  });

  it('asks once for the error text when none was given', () => {
    const first = run(initialState, 'my api integration is broken', 'api_error');
    assert.deepEqual(replyKeys(first.decision), ['ask-api-error']);
    assert.equal(first.next.awaiting, 'api_error');
  });

  it('hands a payment with its reference and account to a person without asking anything', () => {
    const { decision } = run(initialState, 'added $50 thru paypal about 2 hours ago, transaction id 9XK44810TT230195L, still not on my balance. account dev.patel.music@outlook.com', 'payment_issue');
    assert.deepEqual(replyKeys(decision), ['handoff-payment-issue']);
    assert.deepEqual(decision.handoff, { reason: 'needs_decision' });
  });

  it('asks once which account a payment with its reference was for, then passes it on', () => {
    const first = run(initialState, 'i sent 30 USDT an hour ago, txid 0x9f2c4e1a7b3d5f60812a4c6e8b0d2f4a6c8e0b2d4f6a8c0e2b4d6f8a0c2e4b6d, not on my balance yet', 'payment_issue');
    assert.deepEqual(replyKeys(first.decision), ['ask-account-payment']);
    const second = run(first.next, 'tomasz.kowalczyk@proton.me', 'account_access', 0.4);
    assert.deepEqual(replyKeys(second.decision), ['handoff-payment-issue']);
    assert.deepEqual(second.decision.handoff, { reason: 'needs_decision' });
  });

  it('asks for a payment reference once, then passes the case on whatever comes', () => {
    const first = run(initialState, 'my card got declined 3 times but i think money was taken', 'payment_issue');
    assert.deepEqual(replyKeys(first.decision), ['ask-payment-reference']);
    const second = run(first.next, 'ok so what do i do now', 'other', 0.97);
    assert.deepEqual(replyKeys(second.decision), ['handoff-payment-without-reference']);
    assert.deepEqual(second.decision.handoff, { reason: 'needs_decision' });
  });

  it('passes a missing referral with the account straight to a person', () => {
    const { decision, next } = run(initialState, 'my friend signed up with my ref link (code JADE10) but i dont see him in my referrals. my account email is maria.lopez88@gmail.com', 'affiliate_commission', 0.61);
    assert.deepEqual(replyKeys(decision), ['handoff-affiliate-commission']);
    assert.equal(next.collected.referral, 'JADE10');
  });

  it('gives the protecting advice first and an urgent handoff on an account takeover', () => {
    const { decision } = run(initialState, 'someone logged into my account and placed orders i didnt make!! i think my api key leaked', 'api_key', 0.73);
    assert.deepEqual(replyKeys(decision), ['security-takeover']);
    assert.deepEqual(decision.handoff, { reason: 'security_incident' });
  });

  it('warns first when a secret was removed', () => {
    const decision = decide({ state: initialState, understanding: understood('Invalid API key [redacted]', 'api_error'), secrets: ['api_key'], text: 'Invalid API key [redacted]', policy });
    assert.equal(replyKeys(decision)[0], 'secret-removed');
  });
});

describe('decide: repairs', () => {
  it('takes a long thank-you the classifier is sure of as thanks', () => {
    assert.deepEqual(replyKeys(run(initialState, "thank you so much, you've been very helpful!", 'goodbye', 0.95).decision), ['thanks']);
  });

  it('answers thanks, ok, greetings and goodbyes as such', () => {
    assert.deepEqual(replyKeys(run(initialState, 'hi', 'greeting').decision), ['greeting']);
    assert.deepEqual(replyKeys(run(initialState, 'thanks!', 'goodbye').decision), ['thanks']);
    assert.deepEqual(replyKeys(run(initialState, 'ok cool', 'other', 0.4).decision), ['acknowledged']);
    assert.deepEqual(replyKeys(run(initialState, 'bye', 'goodbye').decision), ['goodbye']);
  });

  it('drops the pending question on "never mind", and answers a new question in the same message', () => {
    const state = run(initialState, "where's my order", 'order_status').next;
    const dropped = run(state, 'never mind', 'other', 0.4);
    assert.deepEqual(replyKeys(dropped.decision), ['intake-cancelled']);
    assert.equal(dropped.next.awaiting, null);
    const switched = run(state, 'nvm, how does the affiliate programme work?', 'affiliate_commission');
    assert.equal(actions(switched.decision)[0]?.kind, 'article');
    assert.ok(!replyKeys(switched.decision).includes('resume-intake'));
  });

  it('re-asks a pending question at most twice, then hands off', () => {
    let state = run(initialState, 'order 4831239 status', 'order_status').next;
    for (let i = 0; i < MAX_REASKS; i++) {
      const r = run(state, 'dunno', 'other', 0.3);
      assert.equal(replyKeys(r.decision)[0], 'reask-email');
      state = r.next;
    }
    assert.deepEqual(run(state, 'no idea', 'other', 0.3).decision.handoff, { reason: 'repeated_failures' });
  });

  it('answers a side question, then asks for what is still missing', () => {
    const state = run(initialState, 'order 4831239 status', 'order_status').next;
    const side = run(state, 'how do i keep my api key safe?', 'api_key');
    assert.equal(actions(side.decision)[0]?.kind, 'article');
    assert.deepEqual(replyKeys(side.decision), ['resume-intake', 'ask-owner-proof']);
    assert.equal(side.next.awaiting, 'email');
  });
});

describe('decide: a person', () => {
  it('hands off on request, together with what the message also asked', () => {
    const { decision } = run(initialState, 'my likes order 4831932 has been stuck for days, email tomasz.kowalczyk@proton.me. GET ME A HUMAN', 'order_problem');
    assert.deepEqual(actions(decision).map((a) => a.kind), ['order_lookup']);
    assert.deepEqual(replyKeys(decision), ['handoff-requested']);
    assert.deepEqual(decision.handoff, { reason: 'visitor_asked' });
  });

  it('passes a request for a person on without asking for what the person will ask', () => {
    const { decision } = run(initialState, 'I want to speak to someone about a refund', 'refund_request', 0.8);
    assert.deepEqual(replyKeys(decision), ['handoff-requested']);
  });

  it('is silent while a person holds the conversation', () => {
    const assigned = fold([{ type: 'handoff_claimed', handoffId: 'h', agent: 'sam' } satisfies ConversationEvent], queued);
    const silent = run(assigned, 'hello?', 'greeting').decision;
    assert.equal(silent.kind, 'silent');
    assert.deepEqual(silent.steps, []);
  });

  it('still answers informational questions while queued, and adds requests for the person', () => {
    const info = run(queued, 'while i wait, what does partial status mean?', 'order_status', 0.78).decision;
    assert.equal(actions(info)[0]?.kind, 'article');
    assert.deepEqual(replyKeys(info), ['queued-still']);
    const withOrder = fold([{ type: 'topic_set', intent: 'refund_request' }, { type: 'focus_set', orders: ['4830568'] }], queued);
    const refund = run(withOrder, 'so is the refund approved or not?? yes or no', 'refund_request', 0.99).decision;
    assert.deepEqual(replyKeys(refund), ['queued-refund', 'handoff-waiting']);
    assert.deepEqual(actions(refund), []);
  });

  it('takes a queued visitor out of the queue on "never mind"', () => {
    const left = run(queued, 'actually never mind, found it in the faq. no need for a person', 'other', 0.99);
    assert.deepEqual(replyKeys(left.decision), ['handoff-cancelled']);
    assert.equal(left.next.handoff, 'none');
  });
});
