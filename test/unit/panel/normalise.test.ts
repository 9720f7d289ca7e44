import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isPanelError } from '../../../src/panel/errors.js';
import {
  normaliseBalance, normaliseBatchAnswer, normaliseOrderStatus, normaliseRefillAnswer, normaliseRefillStatus,
  normaliseServices, normaliseStatusAnswer, toDecimal, toInteger,
} from '../../../src/panel/normalise.js';

const canonicalService = {
  service: 1204, name: 'Instagram Followers [Refill 30d]', type: 'Default', category: 'Instagram Followers',
  rate: '0.90', min: '100', max: '50000', refill: true, cancel: false,
};

describe('order status normalisation (open vocabulary, §2.1)', () => {
  const table: Array<[string, string]> = [
    ['Pending', 'pending'], ['Processing', 'pending'], ['In progress', 'in_progress'], ['In Progress', 'in_progress'],
    ['inprogress', 'in_progress'], ['IN_PROGRESS', 'in_progress'], ['  in   progress ', 'in_progress'], ['Active', 'in_progress'],
    ['Completed', 'completed'], ['COMPLETED', 'completed'], ['Partial', 'partial'], ['Canceled', 'canceled'],
    ['Cancelled', 'canceled'], ['Refunded', 'canceled'], ['Fail', 'canceled'], ['Error', 'canceled'],
    ['Old', 'unknown'], ['AWAITING', 'unknown'], ['', 'unknown'], ['Partially in-progress', 'in_progress'],
  ];
  for (const [raw, expected] of table) {
    it(`${JSON.stringify(raw)} → ${expected}`, () => assert.equal(normaliseOrderStatus(raw), expected));
  }
  it('refill statuses follow the same rule', () => {
    assert.equal(normaliseRefillStatus('pending'), 'pending');
    assert.equal(normaliseRefillStatus('In progress'), 'in_progress');
    assert.equal(normaliseRefillStatus('Rejected'), 'rejected');
    assert.equal(normaliseRefillStatus('Completed'), 'completed');
    assert.equal(normaliseRefillStatus('whatever'), 'unknown');
  });
});

describe('scalar coercion (§4.1)', () => {
  it('keeps money as decimal strings from strings or numbers', () => {
    assert.equal(toDecimal('0.27819'), '0.27819');
    assert.equal(toDecimal(0.9), '0.9');
    assert.equal(toDecimal(12), '12');
    assert.equal(toDecimal(1e-7), '0.0000001');
    assert.equal(toDecimal(''), null);
    assert.equal(toDecimal('abc'), null);
    assert.equal(toDecimal(null), null);
  });
  it('reads integers from strings and numbers', () => {
    assert.equal(toInteger('157'), 157);
    assert.equal(toInteger(' 42 '), 42);
    assert.equal(toInteger(3572), 3572);
    assert.equal(toInteger('157.00'), 157);
    assert.equal(toInteger(''), null);
    assert.equal(toInteger('n/a'), null);
    assert.equal(toInteger(undefined), null);
  });
});

describe('services (§1.1)', () => {
  it('reads the canonical array', () => {
    const { services, skipped } = normaliseServices([canonicalService]);
    assert.equal(skipped, 0);
    assert.deepEqual(services, [{
      id: '1204', name: 'Instagram Followers [Refill 30d]', type: 'Default', category: 'Instagram Followers',
      rate: '0.90', min: 100, max: 50000, refill: true, cancel: false, dripfeed: null,
    }]);
  });
  it('survives numbers as strings and strings as numbers, 0/1 flags and missing flags', () => {
    const [service] = normaliseServices([{ service: '77', name: 'X', rate: 1.5, min: 10, max: '100', dripfeed: '1' }]).services;
    assert.deepEqual(service, {
      id: '77', name: 'X', type: '', category: '', rate: '1.5', min: 10, max: 100, refill: null, cancel: null, dripfeed: true,
    });
  });
  it('unwraps {services:[…]} and {data:[…]}', () => {
    assert.equal(normaliseServices({ services: [canonicalService] }).services.length, 1);
    assert.equal(normaliseServices({ status: 'success', data: [canonicalService] }).services.length, 1);
  });
  it('reads capitalised field names', () => {
    const { services } = normaliseServices([{ Service: 5, Name: 'Caps', Rate: '2', Min: '1', Max: '9' }]);
    assert.equal(services[0]?.id, '5');
  });
  it('treats SmartPanel "Empty Data" as an empty catalogue', () => {
    assert.deepEqual(normaliseServices({ status: 'success', data: 'Empty Data' }).services, []);
  });
  it('skips unreadable items but keeps the rest', () => {
    const { services, skipped } = normaliseServices([canonicalService, { service: 2, name: 'no rate' }, 'junk']);
    assert.equal(services.length, 1);
    assert.equal(skipped, 2);
  });
  it('rejects a non-list and an all-junk list as bad_shape', () => {
    for (const value of [{ foo: 1 }, 'x', [{ nope: true }]]) {
      assert.throws(() => normaliseServices(value), (err) => isPanelError(err) && err.kind === 'bad_shape');
    }
  });
});

describe('single status (§1.3)', () => {
  it('reads the canonical object with strings', () => {
    const order = normaliseStatusAnswer('1001', { charge: '0.27819', start_count: '3572', status: 'Partial', remains: '157', currency: 'USD' });
    assert.deepEqual(order, {
      orderId: '1001', status: 'partial', rawStatus: 'Partial', charge: '0.27819', startCount: 3572, remains: 157, currency: 'USD',
    });
  });
  it('reads start_counter and numeric fields (Laravel clone)', () => {
    const order = normaliseStatusAnswer('9', { charge: 1.2, start_counter: 4500, status: 'Completed', remains: 0, currency: 'VND' });
    assert.equal(order?.startCount, 4500);
    assert.equal(order?.charge, '1.2');
    assert.equal(order?.remains, 0);
  });
  it('clamps negative and "+N" remains to 0 (over-delivery)', () => {
    assert.equal(normaliseStatusAnswer('1', { status: 'Completed', remains: '-12' })?.remains, 0);
    assert.equal(normaliseStatusAnswer('1', { status: 'Completed', remains: -3 })?.remains, 0);
    assert.equal(normaliseStatusAnswer('1', { status: 'Completed', remains: '+5' })?.remains, 0);
    // What was delivered beyond the order is kept, so a reply can say so instead of "nothing missing".
    assert.equal(normaliseStatusAnswer('1', { status: 'Completed', remains: '-12' })?.overDelivered, 12);
    assert.equal(normaliseStatusAnswer('1', { status: 'Completed', remains: '+5' })?.overDelivered, 5);
    assert.equal(normaliseStatusAnswer('1', { status: 'Completed', remains: '0' })?.overDelivered, undefined);
  });
  it('unwraps a single status keyed by its ID', () => {
    assert.equal(normaliseStatusAnswer('42', { '42': { status: 'In progress', remains: '10' } })?.status, 'in_progress');
  });
  it('maps unknown statuses to unknown and keeps the raw word', () => {
    const order = normaliseStatusAnswer('1', { status: ' Old ', extra: 'x' });
    assert.equal(order?.status, 'unknown');
    assert.equal(order?.rawStatus, 'Old');
    assert.equal(order?.charge, null);
    assert.equal(order?.startCount, null);
  });
  it('reads empty start_count as null and tolerates drip-feed parents', () => {
    const order = normaliseStatusAnswer('1', { status: 'In progress', runs: '5', orders: [1, 2], start_count: '' });
    assert.equal(order?.startCount, null);
    assert.equal(order?.remains, null);
  });
  it('returns null for a wrapped per-item not-found error', () => {
    assert.equal(normaliseStatusAnswer('7', { '7': { error: 'Incorrect order ID' } }), null);
    assert.equal(normaliseStatusAnswer('7', { '7': 'Incorrect order ID' }), null);
  });
  it('throws bad_shape when there is no status', () => {
    assert.throws(() => normaliseStatusAnswer('1', { charge: '1' }), (err) => isPanelError(err) && err.kind === 'bad_shape');
  });
});

describe('batch status (§1.3)', () => {
  it('reads objects, object errors, bare-string errors and omitted IDs', () => {
    const result = normaliseBatchAnswer(['1001', '1002', '1003', '1004'], {
      '1001': { charge: '1.20', start_count: '4500', status: 'Completed', remains: '0', currency: 'USD' },
      '1002': { error: 'Incorrect order ID' },
      '1003': 'Incorrect order ID',
    });
    assert.equal(result.get('1001')?.status, 'completed');
    assert.equal(result.get('1002'), null);
    assert.equal(result.get('1003'), null);
    assert.equal(result.get('1004'), null);
    assert.equal(result.size, 4);
  });
  it('an odd item becomes null without sinking the batch', () => {
    const result = normaliseBatchAnswer(['1', '2'], { '1': { status: 'Pending' }, '2': { weird: true } });
    assert.equal(result.get('1')?.status, 'pending');
    assert.equal(result.get('2'), null);
  });
  it('reads an array answer keyed by `order`', () => {
    const result = normaliseBatchAnswer(['5'], [{ order: 5, status: 'Canceled', remains: '100' }]);
    assert.equal(result.get('5')?.status, 'canceled');
  });
  it('reads a one-ID batch answered in the single shape', () => {
    assert.equal(normaliseBatchAnswer(['5'], { status: 'Completed' }).get('5')?.status, 'completed');
  });
  it('rejects a non-object answer', () => {
    assert.throws(() => normaliseBatchAnswer(['1'], 'nope'), (err) => isPanelError(err) && err.kind === 'bad_shape');
  });
});

describe('refill status and balance (§1.5, §1.7)', () => {
  it('reads {status}', () => {
    assert.deepEqual(normaliseRefillAnswer('77', { status: 'Completed' }), { refillId: '77', status: 'completed', rawStatus: 'Completed' });
  });
  it('returns null for {status:{error:"Refill not found"}} and for a batch answer without it', () => {
    assert.equal(normaliseRefillAnswer('77', { status: { error: 'Refill not found' } }), null);
    assert.equal(normaliseRefillAnswer('77', [{ refill: 1, status: 'Completed' }]), null);
  });
  it('finds the refill in a batch array', () => {
    assert.equal(normaliseRefillAnswer('2', [{ refill: 1, status: 'Completed' }, { refill: 2, status: 'Rejected' }])?.status, 'rejected');
  });
  it('reads string, numeric and 8-decimal balances', () => {
    assert.deepEqual(normaliseBalance({ balance: '100.84292', currency: 'USD' }), { balance: '100.84292', currency: 'USD' });
    assert.deepEqual(normaliseBalance({ balance: 100.5, currency: 'VND', balancef: '100,5' }), { balance: '100.5', currency: 'VND' });
    assert.deepEqual(normaliseBalance({ balance: '0.00000001' }), { balance: '0.00000001', currency: null });
  });
  it('rejects a balance that is not a number', () => {
    assert.throws(() => normaliseBalance({ balance: 'lots' }), (err) => isPanelError(err) && err.kind === 'bad_shape');
    assert.throws(() => normaliseBalance({}), (err) => isPanelError(err) && err.kind === 'bad_shape');
  });
});
