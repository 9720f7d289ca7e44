import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Facts } from '../../../src/actions/facts.js';
import { initialState } from '../../../src/conversation/state.js';
import { composeAfterAction } from '../../../src/policy/compose.js';
import type { Action } from '../../../src/policy/decision.js';
import type { PanelOrder } from '../../../src/panel/types.js';
import type { Intent } from '../../../src/understanding/vocabulary.js';

const lookup = (intent: Intent = 'order_status'): Action =>
  ({ kind: 'order_lookup', intent, orderId: '4829113', proof: { email: 'a@b.co' } });
const order = (status: PanelOrder['status'], rawStatus: string, remains: number | null = 0): PanelOrder =>
  ({ orderId: '4829113', status, rawStatus, charge: '0.90', startCount: 1520, remains, currency: 'USD' });
const shown = (o: PanelOrder, service: Extract<Facts, { outcome: 'shown' }>['service'] = null): Facts =>
  ({ kind: 'order', outcome: 'shown', orderId: '4829113', order: o, fetchedAt: '2026-11-22T10:00:00.000Z', service });
const keys = (r: { replies: { key: string }[] }) => r.replies.map((p) => p.key);

describe('composeAfterAction', () => {
  it('states the status in plain words, with what remains while delivering', () => {
    const r = composeAfterAction(lookup(), shown(order('in_progress', 'In progress', 400)), initialState);
    assert.deepEqual(keys(r), ['order-in-progress', 'order-remains']);
    assert.equal(r.handoff, undefined);
    assert.equal(r.events[0]?.type, 'order_checked');
  });

  it('adds the panel details for resellers', () => {
    const r = composeAfterAction(lookup(), shown(order('completed', 'Completed')), { ...initialState, role: 'reseller' });
    assert.deepEqual(keys(r), ['order-completed', 'order-detail']);
  });

  it('explains refills from the live flags and always leaves the decision to a person', () => {
    const service = (refill: boolean | null) => ({ serviceId: '1', name: 'IG Followers', refill, cancel: true, description: '' });
    const cases: [boolean | null, PanelOrder, string][] = [
      [true, order('completed', 'Completed'), 'refill-may-qualify'],
      [false, order('completed', 'Completed'), 'refill-not-offered'],
      [true, order('in_progress', 'In progress', 10), 'refill-not-completed'],
      [null, order('completed', 'Completed'), 'refill-rules-unknown'],
    ];
    for (const [refill, o, key] of cases) {
      const r = composeAfterAction(lookup('refill_request'), shown(o, service(refill)), initialState);
      assert.ok(keys(r).includes(key), `${refill} ${o.status}: ${keys(r).join(', ')}`);
      assert.deepEqual(r.handoff, { reason: 'needs_decision' });
    }
  });

  it('says the same thing for a wrong owner and an unknown order, and asks again', () => {
    const r = composeAfterAction(lookup(), { kind: 'order', outcome: 'not_verified', orderId: '4829113', fetchedAt: 'x' }, initialState);
    assert.deepEqual(keys(r), ['order-not-verified']);
    assert.deepEqual(r.events.map((e) => e.type), ['order_checked', 'topic_set', 'awaiting_set']);
  });

  it('hands off on a panel outage, with the last status heard when there is one', () => {
    const bare = composeAfterAction(lookup(), { kind: 'order', outcome: 'panel_unavailable', orderId: '4829113', fetchedAt: 'x', cached: null }, initialState);
    assert.deepEqual(keys(bare), ['panel-unavailable']);
    assert.deepEqual(bare.handoff, { reason: 'panel_outage' });
    const cached = composeAfterAction(lookup(), {
      kind: 'order', outcome: 'panel_unavailable', orderId: '4829113', fetchedAt: 'x', cached: { order: order('partial', 'Partial', 20), fetchedAt: '2026-11-20T09:05:00.000Z' },
    }, initialState);
    assert.deepEqual(keys(cached), ['panel-unavailable-cached', 'order-partial', 'order-remains']);
    assert.equal(cached.replies[0]?.vars?.heardAt, '20 Nov 2026, 09:05 UTC');
    assert.deepEqual(cached.handoff, { reason: 'panel_outage' });
  });

  it('hands an unknown panel status to a person', () => {
    const r = composeAfterAction(lookup(), shown(order('unknown', 'Awaiting moderation')), initialState);
    assert.deepEqual(r.handoff, { reason: 'no_answer' });
  });
});
