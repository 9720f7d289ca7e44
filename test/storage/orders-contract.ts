// The order directory and webhook inbox contract, against the storage port only: every adapter
// passes it (test/storage/sqlite.test.ts, and the PostgreSQL one).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OrderStatusSnapshot, Storage } from '../../src/storage/port.js';
import { storageForTest } from './contract-storage.js';

const AT = '2026-11-22T12:00:00.000Z';

const status = (fetchedAt: string, value: OrderStatusSnapshot['status'] = 'in_progress'): OrderStatusSnapshot => ({
  status: value, rawStatus: value, startCount: 100, remains: 50, charge: '0.90', fetchedAt,
});

export function ordersContract(name: string, open: () => Promise<Storage>, close: (s: Storage) => Promise<void>): void {
  const storage = storageForTest(open, close);

  describe(`${name}: orders`, () => {
    it('stores an order as given and reads it back; an unknown one is undefined', async (t) => {
      const s = await storage(t);
      await s.orders.upsert([{
        orderId: '4829113', shopOrderId: 'SO-1', email: 'maria@example.com', accountId: 'u-1', link: 'instagram.com/fitwithjade',
        paymentReference: 'PP-9', serviceId: '1204', quantity: 1000, createdAt: '2026-11-20T08:00:00.000Z',
      }], AT);
      assert.deepEqual(await s.orders.get('4829113'), {
        orderId: '4829113', shopOrderId: 'SO-1', email: 'maria@example.com', accountId: 'u-1', link: 'instagram.com/fitwithjade',
        paymentReference: 'PP-9', serviceId: '1204', quantity: 1000, createdAt: '2026-11-20T08:00:00.000Z', lastStatus: null,
      });
      assert.equal(await s.orders.get('4829114'), undefined);
      assert.equal(await s.orders.count(), 1);
    });

    it('merges: a null or missing field never erases what is known, a value replaces it', async (t) => {
      const s = await storage(t);
      await s.orders.upsert([{ orderId: '1', email: 'a@example.com', quantity: 10 }], AT);
      await s.orders.upsert([{ orderId: '1', email: null, link: 'tiktok.com/@x', quantity: null }], AT);
      await s.orders.upsert([{ orderId: '1', accountId: 'u-7' }], AT);
      const record = await s.orders.get('1');
      assert.equal(record?.email, 'a@example.com');
      assert.equal(record?.link, 'tiktok.com/@x');
      assert.equal(record?.accountId, 'u-7');
      assert.equal(record?.quantity, 10);
      await s.orders.upsert([{ orderId: '1', email: 'b@example.com' }], AT);
      assert.equal((await s.orders.get('1'))?.email, 'b@example.com');
    });

    it('stores many orders in one call, the same id twice merged', async (t) => {
      const s = await storage(t);
      const many = Array.from({ length: 50 }, (_, i) => ({ orderId: String(1000 + i), email: `c${i}@example.com` }));
      await s.orders.upsert([...many, { orderId: '1000', link: 'instagram.com/x' }], AT);
      assert.equal(await s.orders.count(), 50);
      assert.equal((await s.orders.get('1000'))?.email, 'c0@example.com');
      assert.equal((await s.orders.get('1000'))?.link, 'instagram.com/x');
    });

    it('keeps the newest status: an older one is ignored, an unknown order has none', async (t) => {
      const s = await storage(t);
      await s.orders.upsert([{ orderId: '7' }], AT);
      assert.equal(await s.orders.updateStatus('7', status('2026-11-22T10:00:00.000Z', 'completed'), AT), true);
      assert.equal(await s.orders.updateStatus('7', status('2026-11-22T09:00:00.000Z', 'in_progress'), AT), false, 'an older delivery');
      assert.deepEqual((await s.orders.get('7'))?.lastStatus, status('2026-11-22T10:00:00.000Z', 'completed'));
      assert.equal(await s.orders.updateStatus('7', status('2026-11-22T11:00:00.000Z', 'partial'), AT), true, 'a newer one');
      assert.equal((await s.orders.get('7'))?.lastStatus?.status, 'partial');
      assert.equal(await s.orders.updateStatus('8', status('2026-11-22T11:00:00.000Z'), AT), false, 'unknown order');
      assert.equal(await s.orders.get('8'), undefined);
      // Nullable parts of a status round-trip as null.
      const bare = { status: 'pending' as const, rawStatus: 'Pending', startCount: null, remains: null, charge: null, fetchedAt: '2026-11-22T12:00:00.000Z' };
      assert.equal(await s.orders.updateStatus('7', bare, AT), true);
      assert.deepEqual((await s.orders.get('7'))?.lastStatus, bare);
    });

    it('applies a webhook event once: the order and its status change with the event id recorded', async (t) => {
      const s = await storage(t);
      const event = { id: 'evt_1', type: 'order.updated', receivedAt: AT };
      const first = await s.orders.applyWebhook(event, { orderId: '42', email: 'o@example.com', serviceId: '9' }, status('2026-11-22T11:00:00.000Z', 'completed'));
      assert.deepEqual(first, { duplicate: false });
      const record = await s.orders.get('42');
      assert.equal(record?.email, 'o@example.com');
      assert.equal(record?.lastStatus?.status, 'completed');
      // The same id again, with other data: nothing changes.
      const again = await s.orders.applyWebhook({ ...event, receivedAt: '2026-11-22T13:00:00.000Z' }, { orderId: '42', email: 'x@example.com' }, status('2026-11-22T12:30:00.000Z', 'canceled'));
      assert.deepEqual(again, { duplicate: true });
      assert.deepEqual(await s.orders.get('42'), record);
    });

    it('merges a webhook like an upsert: no customer block keeps the owner, an older status is ignored, no status keeps it', async (t) => {
      const s = await storage(t);
      await s.orders.upsert([{ orderId: '42', email: 'o@example.com' }], AT);
      await s.orders.applyWebhook({ id: 'a', type: 'order.updated', receivedAt: AT }, { orderId: '42' }, status('2026-11-22T11:00:00.000Z', 'completed'));
      const older = await s.orders.applyWebhook({ id: 'b', type: 'order.updated', receivedAt: AT }, { orderId: '42', link: 'instagram.com/o' }, status('2026-11-22T10:00:00.000Z', 'in_progress'));
      assert.deepEqual(older, { duplicate: false }, 'a new event id, even when its status is older');
      await s.orders.applyWebhook({ id: 'c', type: 'order.created', receivedAt: AT }, { orderId: '42', quantity: 5 }, null);
      const record = await s.orders.get('42');
      assert.equal(record?.email, 'o@example.com');
      assert.equal(record?.link, 'instagram.com/o');
      assert.equal(record?.quantity, 5);
      assert.equal(record?.lastStatus?.status, 'completed');
    });

    it('applies ten concurrent deliveries of one event exactly once', async (t) => {
      const s = await storage(t);
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) =>
        s.orders.applyWebhook({ id: 'evt_same', type: 'order.updated', receivedAt: AT }, { orderId: '77', quantity: i + 1 }, status(`2026-11-22T10:00:0${i}.000Z`))));
      const applied = results.filter((r) => !r.duplicate);
      assert.equal(applied.length, 1);
      const winner = results.findIndex((r) => !r.duplicate);
      const record = await s.orders.get('77');
      assert.equal(record?.quantity, winner + 1, 'the order holds the one applied delivery');
      assert.equal(record?.lastStatus?.fetchedAt, `2026-11-22T10:00:0${winner}.000Z`);
    });

    it('applies concurrent events for different orders, each once', async (t) => {
      const s = await storage(t);
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) =>
        s.orders.applyWebhook({ id: `evt_${i}`, type: 'order.created', receivedAt: AT }, { orderId: String(500 + i), email: `p${i}@example.com` }, null)));
      assert.ok(results.every((r) => !r.duplicate));
      assert.equal(await s.orders.count(), 10);
    });
  });
}
