import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Facts, ServiceFacts } from '../../../src/actions/facts.js';
import { initialState } from '../../../src/conversation/state.js';
import { composeAfterAction, type Composed } from '../../../src/policy/compose.js';
import type { Action, OrderRequest, ReplyPlan } from '../../../src/policy/decision.js';
import type { PanelOrder } from '../../../src/panel/types.js';
import type { Attribute } from '../../../src/policy/read.js';

const lookup = (request: OrderRequest = 'status'): Action => ({ kind: 'order_lookup', request, orderId: '4829113', proof: { email: 'a@b.co' } });
const order = (status: PanelOrder['status'], rawStatus: string, remains: number | null = 0, extra: Partial<PanelOrder> = {}): PanelOrder =>
  ({ orderId: '4829113', status, rawStatus, charge: '0.90', startCount: 1520, remains, currency: 'USD', ...extra });
const service = (flags: Partial<ServiceFacts> = {}): ServiceFacts => ({
  serviceId: '1201', name: 'Instagram Followers [Refill 30d]', category: 'Instagram Followers', min: 100, max: 50_000, rate: '0.90', currency: 'USD',
  refill: true, cancel: true, dripfeed: false, ...flags,
});
const shown = (o: PanelOrder, s: ServiceFacts | null = null, quantity: number | null = 1000): Facts =>
  ({ kind: 'order', outcome: 'shown', orderId: '4829113', order: o, fetchedAt: '2026-11-22T10:00:00.000Z', service: s, quantity, stalled: false });
/** Every template of a reply, its fragments included, in order. */
const keys = (r: Composed) => r.replies.flatMap((p: ReplyPlan) => [p.key, ...(p.then ?? []).map((t) => t.key)]);
const vars = (r: Composed, key: string) => r.replies.flatMap((p) => [p, ...(p.then ?? [])]).find((p) => p.key === key)?.vars;

describe('composing an order', () => {
  it('gives the panel’s own status label and what its numbers mean', () => {
    const r = composeAfterAction(lookup(), shown(order('in_progress', 'In progress', 400)), initialState);
    assert.deepEqual(keys(r), ['order-in-progress', 'order-progress-count']);
    assert.deepEqual(vars(r, 'order-in-progress'), { orderId: '4829113', label: 'In progress' });
    assert.deepEqual(vars(r, 'order-progress-count'), { delivered: '600', quantity: '1,000', remains: '400' });
    assert.equal(r.handoff, undefined);
  });

  it('says Processing and Refunded in their own words, not as Pending or Canceled', () => {
    assert.equal(keys(composeAfterAction(lookup(), shown(order('pending', 'Processing')), initialState))[0], 'order-processing');
    assert.equal(keys(composeAfterAction(lookup(), shown(order('canceled', 'Refunded')), initialState))[0], 'order-refunded');
  });

  it('says how much of a Partial order was not delivered and what the panel charged', () => {
    const r = composeAfterAction(lookup(), shown(order('partial', 'Partial', 650, { charge: '0.60750' }), null, 2000), initialState);
    assert.deepEqual(keys(r), ['order-partial', 'order-partial-count', 'order-partial-charge']);
    assert.deepEqual(vars(r, 'order-partial-count'), { delivered: '1,350', quantity: '2,000', remains: '650' });
    assert.deepEqual(vars(r, 'order-partial-charge'), { charge: '0.60750 USD' });
  });

  it('explains over-delivery on a Completed order instead of calling it missing', () => {
    const r = composeAfterAction(lookup('problem'), shown(order('completed', 'Completed', 0, { overDelivered: 180 })), initialState);
    assert.deepEqual(keys(r), ['order-completed', 'order-over-delivered']);
    assert.equal(r.handoff, undefined);
  });

  it('adds the panel details for resellers', () => {
    const r = composeAfterAction(lookup(), shown(order('completed', 'Completed')), { ...initialState, role: 'reseller' });
    assert.deepEqual(keys(r), ['order-completed', 'order-detail']);
  });

  it('does not hand off an order that is simply progressing, and does when the facts say something is wrong', () => {
    assert.equal(composeAfterAction(lookup('problem'), shown(order('in_progress', 'In progress', 400)), initialState).handoff, undefined);
    assert.deepEqual(composeAfterAction(lookup('problem'), shown(order('partial', 'Partial', 400)), initialState).handoff, { reason: 'needs_decision' });
    assert.deepEqual(composeAfterAction(lookup(), shown(order('unknown', 'Frozen')), initialState).handoff, { reason: 'no_answer' });
  });

  it('passes a reported problem on when the order has shown no progress for longer than the policy calls normal', () => {
    const stuck = composeAfterAction(lookup('problem'), { ...shown(order('pending', 'Pending', 1000)), stalled: true } as Facts, initialState);
    assert.deepEqual([keys(stuck).at(-1), stuck.handoff], ['order-stalled-handoff', { reason: 'needs_decision' }]);
    const asked = composeAfterAction(lookup('status'), { ...shown(order('pending', 'Pending', 1000)), stalled: true } as Facts, initialState);
    assert.equal(asked.handoff, undefined, 'a status question is answered, not escalated');
  });

  it('says nothing for a question no article answers when other answers are given', () => {
    const silent: Action = { kind: 'article', questions: ['q'], intent: null, subject: null, lastSection: null, whenNothing: 'silent', minRelevance: 1 };
    assert.deepEqual(composeAfterAction(silent, { kind: 'article', articles: [], unanswered: 1 }, initialState), { replies: [], events: [] });
  });

  it('refuses to guess a delivery time for a running order', () => {
    assert.deepEqual(keys(composeAfterAction(lookup('eta'), shown(order('in_progress', 'In progress', 400)), initialState)).at(-1), 'order-eta');
  });

  it('states the rules of a refill and passes only an eligible request on', () => {
    const refill = (o: PanelOrder, s: ServiceFacts) => composeAfterAction(lookup('refill'), shown(o, s), initialState);
    const notOffered = refill(order('completed', 'Completed'), service({ refill: false }));
    assert.equal(keys(notOffered).at(-1), 'refill-not-offered');
    assert.equal(notOffered.handoff, undefined);
    const running = refill(order('in_progress', 'In progress', 400), service());
    assert.equal(keys(running).at(-1), 'refill-after-completion');
    assert.equal(running.handoff, undefined);
    const eligible = refill(order('completed', 'Completed'), service());
    assert.equal(keys(eligible).at(-1), 'refill-may-qualify');
    assert.deepEqual(eligible.handoff, { reason: 'needs_decision' });
  });

  it('passes a cancel on only when the service allows one and the order still runs', () => {
    const cancel = (o: PanelOrder, s: ServiceFacts) => composeAfterAction(lookup('cancel'), shown(o, s), initialState);
    assert.deepEqual([keys(cancel(order('pending', 'Pending'), service({ cancel: false }))).at(-1), cancel(order('pending', 'Pending'), service({ cancel: false })).handoff], ['cancel-not-offered', undefined]);
    assert.deepEqual([keys(cancel(order('completed', 'Completed'), service())).at(-1), cancel(order('completed', 'Completed'), service()).handoff], ['cancel-finished', undefined]);
    assert.deepEqual(cancel(order('in_progress', 'In progress', 10), service()).handoff, { reason: 'needs_decision' });
  });

  it('says a Partial or Canceled order’s charge went back to the balance and leaves refunds to the team', () => {
    const partial = order('partial', 'Partial', 35);
    const r = composeAfterAction(lookup('refund'), shown(partial, null, 200), initialState);
    assert.equal(keys(r).at(-1), 'refund-beyond-balance', 'the status line just said where the charge went');
    assert.deepEqual(r.handoff, { reason: 'needs_decision' });
    const seen = { ...initialState, focus: { ...initialState.focus, shown: { '4829113': 'Partial|35' } } };
    const again = composeAfterAction(lookup('refund'), shown(partial, null, 200), seen);
    assert.deepEqual(keys(again), ['refund-returned-to-balance'], 'a follow-up skips the unchanged status and says the rule itself');
  });

  it('answers "not yours" and "no such order" alike and waits for corrected proof', () => {
    const r = composeAfterAction(lookup(), { kind: 'order', outcome: 'not_verified', orderId: '4829113', fetchedAt: 'x' }, initialState);
    assert.deepEqual(keys(r), ['order-not-verified']);
    assert.deepEqual(r.events.map((e) => e.type), ['order_checked', 'awaiting_set']);
  });

  it('does not call an order the panel lacks an outage', () => {
    const r = composeAfterAction(lookup(), { kind: 'order', outcome: 'not_on_panel', orderId: '4829113', fetchedAt: 'x' }, initialState);
    assert.deepEqual(keys(r), ['order-not-on-panel']);
    assert.deepEqual(r.handoff, { reason: 'no_answer' });
  });

  it("treats the shop's ownership endpoint not answering as the order system out of reach, never as verified", () => {
    const r = composeAfterAction(lookup(), { kind: 'order', outcome: 'ownership_unavailable', orderId: '4829113', fetchedAt: 'x' }, initialState);
    assert.deepEqual(keys(r), ['panel-unavailable']);
    assert.deepEqual(r.handoff, { reason: 'panel_outage' });
    assert.equal(r.events[0]?.type === 'order_checked' && r.events[0].outcome, 'ownership_unavailable');
  });
});

describe('composing service rules', () => {
  const rules = { fetchedAt: '2026-11-22T10:00:00.000Z', stale: false, failing: false };
  const asked = (attributes: Attribute[], quantity: number | null = null): Action =>
    ({ kind: 'service_rules', serviceIds: [], platforms: ['instagram'], kinds: ['followers'], attributes, quantity, listDripfeed: false, apiError: null });
  const facts = (over: Partial<Extract<Facts, { kind: 'services' }>> = {}): Facts =>
    ({ kind: 'services', services: [service()], unknownIds: [], alternatives: [], withDripfeed: [], rules, ...over });

  it('answers the rules asked about, one sentence each, with the service named', () => {
    const r = composeAfterAction(asked(['price', 'dripfeed']), facts(), initialState);
    assert.deepEqual(keys(r), ['service-name', 'service-price', 'service-dripfeed-no']);
    assert.deepEqual(r.replies[0]?.quoted, ['Instagram Followers [Refill 30d]']);
    assert.deepEqual(r.events, [{ type: 'focus_set', service: '1201', subject: 'Instagram Followers [Refill 30d]' }]);
  });

  it('gives every rule when none was asked for', () => {
    assert.deepEqual(keys(composeAfterAction(asked([]), facts(), initialState)), ['service-name', 'service-limits', 'service-price', 'service-refill-yes', 'service-cancel-yes', 'service-dripfeed-no']);
  });

  it('checks a quantity against the limits and offers services that take it', () => {
    const smaller = service({ serviceId: '1202', name: 'Instagram Followers [No Refill]', min: 50, refill: false });
    const r = composeAfterAction(asked(['min', 'max'], 50), facts({ alternatives: [smaller] }), initialState);
    assert.deepEqual(keys(r), ['service-name', 'service-limits', 'service-quantity-below', 'service-alternatives-smaller', 'service-brief']);
  });

  it('says an unknown service ID is not in the list, and never quotes rules for it', () => {
    const r = composeAfterAction(asked([]), facts({ services: [], unknownIds: ['9999'] }), initialState);
    assert.deepEqual(keys(r), ['service-unknown']);
  });

  it('says the rules could not be read, or how old they are, and never blames the visitor', () => {
    assert.deepEqual(keys(composeAfterAction(asked([]), facts({ services: [], rules: { fetchedAt: null, stale: true, failing: true } }), initialState)), ['rules-unavailable']);
    assert.equal(keys(composeAfterAction(asked(['min']), facts({ rules: { ...rules, stale: true, failing: true } }), initialState)).at(-1), 'rules-refresh-failed');
    assert.equal(keys(composeAfterAction(asked(['min']), facts({ rules: { ...rules, stale: true } }), initialState)).at(-1), 'rules-stale');
    assert.deepEqual(keys(composeAfterAction(asked([]), facts({ services: [], unknownIds: ['9999'], rules: { ...rules, stale: true, failing: true } }), initialState)), ['service-unknown', 'rules-refresh-failed']);
  });
});

describe('composing help-article answers', () => {
  const article: Action = { kind: 'article', questions: ['q'], intent: 'api_error', subject: null, lastSection: null, whenNothing: 'person', minRelevance: 1 };
  const section = { slug: 'api-errors', title: 'API errors', section: '"Invalid action"', excerpt: 'Action names are lower case.', escalate: false };

  it('quotes each section and remembers it as the subject of follow-ups', () => {
    const r = composeAfterAction(article, { kind: 'article', articles: [section], unanswered: 0 }, initialState);
    assert.deepEqual(keys(r), ['kb-answer']);
    assert.deepEqual(r.events, [{ type: 'focus_set', subject: '"Invalid action" API errors', section: 'api-errors#"Invalid action"' }]);
  });

  it('sends an API error no article knows, or one an article marks as needing a person, to a person', () => {
    assert.deepEqual(composeAfterAction(article, { kind: 'article', articles: [], unanswered: 1 }, initialState).handoff, { reason: 'no_answer' });
    assert.deepEqual(composeAfterAction(article, { kind: 'article', articles: [{ ...section, escalate: true }], unanswered: 0 }, initialState).handoff, { reason: 'no_answer' });
  });

  it('says it does not know, or that a question is out of scope, rather than stretching an article', () => {
    const general = { ...article, whenNothing: 'say' as const, intent: 'account_access' as const };
    assert.deepEqual(keys(composeAfterAction(general, { kind: 'article', articles: [], unanswered: 1 }, initialState)), ['kb-none']);
    assert.deepEqual(keys(composeAfterAction({ ...general, intent: 'other' }, { kind: 'article', articles: [], unanswered: 1 }, initialState)), ['out-of-scope']);
  });
});

describe('composing service rules for an API error', () => {
  it('says a service the panel lists was not read from the request, instead of quoting its rules', () => {
    const action: Action = { kind: 'service_rules', serviceIds: ['1201'], platforms: [], kinds: [], attributes: [], quantity: null, listDripfeed: false, apiError: 'service' };
    const facts: Facts = { kind: 'services', services: [service()], unknownIds: [], alternatives: [], withDripfeed: [], rules: { fetchedAt: '2026-11-22T10:00:00.000Z', stale: false, failing: false } };
    assert.deepEqual(keys(composeAfterAction(action, facts, initialState)), ['api-service-listed']);
  });
});
