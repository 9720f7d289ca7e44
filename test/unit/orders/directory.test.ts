import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { createOrderDirectory, InvalidOrderError } from '../../../src/orders/directory.js';
import { demoSeedPath, loadSeed } from '../../../src/sandbox/seed.js';
import { importSeedOrders } from '../../../src/sandbox/seed-orders.js';
import { openSqliteStorage } from '../../../src/storage/sqlite/index.js';
import { fixedClock } from '../../helpers/deterministic.js';

const setup = (t: TestContext) => {
  const clock = fixedClock();
  const storage = openSqliteStorage({ path: ':memory:' });
  t.after(() => storage.close());
  return { clock, directory: createOrderDirectory(storage.orders, clock) };
};

describe('order directory', () => {
  it('stores identifiers normalised and reads them back', async (t) => {
    const { directory } = setup(t);
    await directory.upsert([{ orderId: '4829113', email: ' Maria.Lopez88@Gmail.com ', accountId: 'u-10482', link: 'https://www.instagram.com/FitWithJade/', paymentReference: '8UJ1', serviceId: '1204', quantity: 1000, createdAt: '2026-11-20T10:00:00Z', shopOrderId: '10231' }]);
    const record = await directory.get('4829113');
    assert.deepEqual(record, {
      orderId: '4829113', shopOrderId: '10231', email: 'maria.lopez88@gmail.com', accountId: 'u-10482', link: 'instagram.com/fitwithjade',
      paymentReference: '8UJ1', serviceId: '1204', quantity: 1000, createdAt: '2026-11-20T10:00:00.000Z', lastStatus: null,
    });
    assert.equal((await directory.get('#4829113'))?.orderId, '4829113');
    assert.equal(await directory.get('nope nope'), undefined);
  });

  it('merges: a later source without owner details keeps the known owner', async (t) => {
    const { directory } = setup(t);
    await directory.upsert([{ orderId: '1', email: 'a@b.co' }]);
    await directory.upsert([{ orderId: '1', link: '@handle' }]);
    assert.equal((await directory.get('1'))?.email, 'a@b.co');
    assert.equal((await directory.get('1'))?.link, '@handle');
  });

  it('refuses an invalid order id, and then stores none of the orders given with it', async (t) => {
    const { directory } = setup(t);
    await assert.rejects(directory.upsert([{ orderId: 'a b' }]), InvalidOrderError);
    await assert.rejects(directory.upsert([{ orderId: '1', email: 'a@b.co' }, { orderId: 'bad id' }]), InvalidOrderError);
    assert.equal(await directory.count(), 0);
  });

  it('caches the status and never lets an older one replace a newer one (times in any ISO form)', async (t) => {
    const { directory } = setup(t);
    await directory.upsert([{ orderId: '7' }]);
    const at = (iso: string, status: 'completed' | 'in_progress') => ({ status, rawStatus: status, startCount: 10, remains: 0, charge: '1.00', fetchedAt: iso });
    assert.ok(await directory.updateStatus('7', at('2026-11-22T10:00:00Z', 'completed')));
    assert.ok(!(await directory.updateStatus('7', at('2026-11-22T11:00:00+02:00', 'in_progress'))), 'out-of-order delivery is ignored (09:00 UTC)');
    assert.equal((await directory.get('7'))?.lastStatus?.status, 'completed');
    assert.equal((await directory.get('7'))?.lastStatus?.fetchedAt, '2026-11-22T10:00:00.000Z');
    assert.ok(!(await directory.updateStatus('8', at('2026-11-22T11:00:00Z', 'completed'))), 'unknown order');
  });

  it('applies a webhook once, normalised, with a known id changing nothing', async (t) => {
    const { directory } = setup(t);
    const status = { status: 'completed' as const, rawStatus: 'Completed', startCount: 1, remains: 0, charge: '1.00', fetchedAt: '2026-11-22T10:00:00Z' };
    assert.deepEqual(await directory.applyWebhook({ id: 'e1', type: 'order.updated' }, { orderId: '#42', email: 'O@Example.com' }, status), { duplicate: false });
    assert.deepEqual(await directory.applyWebhook({ id: 'e1', type: 'order.updated' }, { orderId: '42', email: 'x@example.com' }, null), { duplicate: true });
    const record = await directory.get('42');
    assert.equal(record?.email, 'o@example.com');
    assert.equal(record?.lastStatus?.fetchedAt, '2026-11-22T10:00:00.000Z');
  });

  it('learns the demo seed from the sandbox side, with owners and statuses', async (t) => {
    const { clock, directory } = setup(t);
    const seed = loadSeed(demoSeedPath);
    assert.equal(await importSeedOrders(directory, seed, clock), seed.orders.length);
    assert.equal(await directory.count(), seed.orders.length);
    const first = seed.orders[0];
    assert.ok(first);
    const record = await directory.get(first.order);
    assert.equal(record?.email, first.customer.email);
    assert.equal(record?.accountId, first.customer.accountId);
    assert.ok(record?.lastStatus);
  });
});
