import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openDatabase } from '../../../src/db/open-database.js';
import { createOrderDirectory, InvalidOrderError } from '../../../src/orders/directory.js';
import { importSeedOrders } from '../../../src/orders/seed-orders.js';
import { demoSeedPath, loadSeed } from '../../../src/panel/sandbox/seed.js';
import { fixedClock } from '../../helpers/deterministic.js';

const setup = () => {
  const clock = fixedClock();
  return { clock, directory: createOrderDirectory(openDatabase(':memory:'), clock) };
};

describe('order directory', () => {
  it('stores identifiers normalised and reads them back', () => {
    const { directory } = setup();
    directory.upsert({ orderId: '4829113', email: ' Maria.Lopez88@Gmail.com ', accountId: 'u-10482', link: 'https://www.instagram.com/FitWithJade/', paymentReference: '8UJ1', serviceId: '1204', quantity: 1000, createdAt: '2026-11-20T10:00:00Z', shopOrderId: '10231' });
    const record = directory.get('4829113');
    assert.deepEqual(record, {
      orderId: '4829113', shopOrderId: '10231', email: 'maria.lopez88@gmail.com', accountId: 'u-10482', link: 'instagram.com/fitwithjade',
      paymentReference: '8UJ1', serviceId: '1204', quantity: 1000, createdAt: '2026-11-20T10:00:00.000Z', lastStatus: null,
    });
    assert.equal(directory.get('#4829113')?.orderId, '4829113');
    assert.equal(directory.get('nope nope'), undefined);
  });

  it('merges: a later source without owner details keeps the known owner', () => {
    const { directory } = setup();
    directory.upsert({ orderId: '1', email: 'a@b.co' });
    directory.upsert({ orderId: '1', link: '@handle' });
    assert.equal(directory.get('1')?.email, 'a@b.co');
    assert.equal(directory.get('1')?.link, '@handle');
  });

  it('refuses an invalid order id', () => {
    const { directory } = setup();
    assert.throws(() => directory.upsert({ orderId: 'a b' }), InvalidOrderError);
  });

  it('caches the status and never lets an older one replace a newer one', () => {
    const { directory } = setup();
    directory.upsert({ orderId: '7' });
    const at = (iso: string, status: 'completed' | 'in_progress') => ({ status, rawStatus: status, startCount: 10, remains: 0, charge: '1.00', fetchedAt: iso });
    assert.ok(directory.updateStatus('7', at('2026-11-22T10:00:00Z', 'completed')));
    assert.ok(!directory.updateStatus('7', at('2026-11-22T09:00:00Z', 'in_progress')), 'out-of-order delivery is ignored');
    assert.equal(directory.get('7')?.lastStatus?.status, 'completed');
    assert.equal(directory.get('7')?.lastStatus?.fetchedAt, '2026-11-22T10:00:00.000Z');
    assert.ok(!directory.updateStatus('8', at('2026-11-22T11:00:00Z', 'completed')), 'unknown order');
  });

  it('imports the demo seed with owners and statuses', () => {
    const { directory } = setup();
    const seed = loadSeed(demoSeedPath);
    assert.equal(importSeedOrders(directory, seed), seed.orders.length);
    assert.equal(directory.count(), seed.orders.length);
    const first = seed.orders[0];
    assert.ok(first);
    const record = directory.get(first.order);
    assert.equal(record?.email, first.customer.email);
    assert.equal(record?.accountId, first.customer.accountId);
    assert.ok(record?.lastStatus);
  });

  it('rolls back a failed transaction completely', () => {
    const { directory } = setup();
    assert.throws(() => directory.transaction(() => {
      directory.upsert({ orderId: '1', email: 'a@b.co' });
      directory.upsert({ orderId: 'bad id' });
    }));
    assert.equal(directory.count(), 0);
  });
});
