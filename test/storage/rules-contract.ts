// The cached service rules contract, against the storage port only (every adapter passes it).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PanelService } from '../../src/panel/types.js';
import type { Storage, StoredRules } from '../../src/storage/port.js';
import { storageForTest } from './contract-storage.js';

const service = (id: string, flags: Pick<PanelService, 'refill' | 'cancel' | 'dripfeed'> = { refill: true, cancel: false, dripfeed: null }): PanelService => ({
  id, name: `Service ${id}`, type: 'Default', category: 'Instagram Followers', rate: '0.90', min: 10, max: 10_000, ...flags,
});

const byId = (rules: StoredRules): StoredRules => ({ ...rules, services: [...rules.services].sort((a, b) => a.id.localeCompare(b.id)) });

export function rulesContract(name: string, open: () => Promise<Storage>, close: (s: Storage) => Promise<void>): void {
  const storage = storageForTest(open, close);

  describe(`${name}: service rules`, () => {
    it('has nothing before the first save', async (t) => {
      const s = await storage(t);
      assert.deepEqual(await s.rules.load(), { services: [], fetchedAt: null, currency: null });
    });

    it('loads what was saved, flags (true, false, unknown) included', async (t) => {
      const s = await storage(t);
      const services = [service('1'), service('2', { refill: null, cancel: true, dripfeed: false })];
      await s.rules.save(services, '2026-11-22T10:00:00.000Z', 'USD');
      assert.deepEqual(byId(await s.rules.load()), { services, fetchedAt: '2026-11-22T10:00:00.000Z', currency: 'USD' });
    });

    it('replaces the whole answer: services not in the new one are gone; an empty answer keeps its fetch time', async (t) => {
      const s = await storage(t);
      await s.rules.save([service('1'), service('2'), service('3')], '2026-11-22T10:00:00.000Z', 'USD');
      await s.rules.save([service('2', { refill: false, cancel: false, dripfeed: true })], '2026-11-22T11:00:00.000Z', null);
      assert.deepEqual(await s.rules.load(), { services: [service('2', { refill: false, cancel: false, dripfeed: true })], fetchedAt: '2026-11-22T11:00:00.000Z', currency: null });
      await s.rules.save([], '2026-11-22T12:00:00.000Z', 'EUR');
      assert.deepEqual(await s.rules.load(), { services: [], fetchedAt: '2026-11-22T12:00:00.000Z', currency: 'EUR' });
    });

    it('is read whole: a load during saves sees one answer or the other, never a mix', async (t) => {
      const s = await storage(t);
      const a = { services: [service('1'), service('2'), service('3')], fetchedAt: '2026-11-22T10:00:00.000Z', currency: 'USD' };
      const b = { services: [service('4'), service('5')], fetchedAt: '2026-11-22T11:00:00.000Z', currency: 'EUR' };
      await s.rules.save(a.services, a.fetchedAt, a.currency);
      const [, ...loads] = await Promise.all([s.rules.save(b.services, b.fetchedAt, b.currency), s.rules.load(), s.rules.load(), s.rules.load()]);
      for (const loaded of loads) assert.ok([a, b].some((x) => JSON.stringify(byId(loaded)) === JSON.stringify(x)), JSON.stringify(loaded));
      assert.deepEqual(byId(await s.rules.load()), b);
    });
  });
}
