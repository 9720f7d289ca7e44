// The support agents contract, against the storage port only (every adapter passes it).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import type { Storage } from '../../src/storage/port.js';
import { storageForTest } from './contract-storage.js';

const hashOf = (token: string): Buffer => createHash('sha256').update(token).digest();

export function agentsContract(name: string, open: () => Promise<Storage>, close: (s: Storage) => Promise<void>): void {
  const storage = storageForTest(open, close);

  describe(`${name}: agents`, () => {
    it('finds an active agent by its token hash, and nobody by another', async (t) => {
      const s = await storage(t);
      await s.agents.upsert('sam', hashOf('one'), '2026-11-22T10:00:00.000Z');
      const found = await s.agents.byTokenHash(hashOf('one'));
      assert.equal(found?.name, 'sam');
      assert.ok(found?.tokenHash.equals(hashOf('one')));
      assert.equal(await s.agents.byTokenHash(hashOf('two')), undefined);
    });

    it('replaces the hash of an existing agent: the old token stops matching, the creation time stays', async (t) => {
      const s = await storage(t);
      await s.agents.upsert('sam', hashOf('one'), '2026-11-22T10:00:00.000Z');
      await s.agents.upsert('sam', hashOf('two'), '2026-11-22T11:00:00.000Z');
      assert.equal(await s.agents.byTokenHash(hashOf('one')), undefined);
      assert.equal((await s.agents.byTokenHash(hashOf('two')))?.name, 'sam');
      assert.deepEqual(await s.agents.list(), [{ name: 'sam', displayName: null, createdAt: '2026-11-22T10:00:00.000Z', revoked: false }]);
    });

    it('revokes once: the token and the replacement hash match nobody; an upsert restores the agent', async (t) => {
      const s = await storage(t);
      await s.agents.upsert('kim', hashOf('k1'), '2026-11-22T10:00:00.000Z');
      assert.equal(await s.agents.revoke('kim', '2026-11-22T11:00:00.000Z', hashOf('random')), true);
      assert.equal(await s.agents.byTokenHash(hashOf('k1')), undefined);
      assert.equal(await s.agents.byTokenHash(hashOf('random')), undefined);
      assert.deepEqual(await s.agents.list(), [{ name: 'kim', displayName: null, createdAt: '2026-11-22T10:00:00.000Z', revoked: true }]);
      assert.equal(await s.agents.revoke('kim', '2026-11-22T12:00:00.000Z', hashOf('random2')), false, 'already revoked');
      assert.equal(await s.agents.revoke('nobody', '2026-11-22T12:00:00.000Z', hashOf('random3')), false, 'unknown');
      await s.agents.upsert('kim', hashOf('k2'), '2026-11-22T13:00:00.000Z');
      assert.equal((await s.agents.byTokenHash(hashOf('k2')))?.name, 'kim');
      assert.deepEqual((await s.agents.list()).map((a) => a.revoked), [false]);
    });

    it('keeps the name visitors see: set on creation, kept by a new token unless one is given, changed and cleared', async (t) => {
      const s = await storage(t);
      await s.agents.upsert('sam', hashOf('one'), '2026-11-22T10:00:00.000Z', 'Sam from Support');
      assert.deepEqual(await s.agents.byTokenHash(hashOf('one')), { name: 'sam', displayName: 'Sam from Support', tokenHash: hashOf('one') });
      await s.agents.upsert('sam', hashOf('two'), '2026-11-22T11:00:00.000Z');
      assert.equal((await s.agents.byTokenHash(hashOf('two')))?.displayName, 'Sam from Support', 'a new token keeps it');
      await s.agents.upsert('sam', hashOf('three'), '2026-11-22T12:00:00.000Z', 'Sam K.');
      assert.equal((await s.agents.byTokenHash(hashOf('three')))?.displayName, 'Sam K.');
      assert.equal(await s.agents.setDisplayName('sam', 'Samantha'), true);
      assert.deepEqual(await s.agents.list(), [{ name: 'sam', displayName: 'Samantha', createdAt: '2026-11-22T10:00:00.000Z', revoked: false }]);
      assert.equal(await s.agents.setDisplayName('sam', null), true);
      assert.equal((await s.agents.byTokenHash(hashOf('three')))?.displayName, null, 'cleared: visitors see the login name');
      assert.equal(await s.agents.setDisplayName('nobody', 'X'), false, 'unknown');
      await s.agents.revoke('sam', '2026-11-22T13:00:00.000Z', hashOf('gone'));
      assert.equal(await s.agents.setDisplayName('sam', 'Sam again'), true, 'a revoked agent keeps its record and may be renamed');
    });

    it('lists every agent by name', async (t) => {
      const s = await storage(t);
      for (const n of ['zoe', 'amir', 'kim']) await s.agents.upsert(n, hashOf(n), '2026-11-22T10:00:00.000Z');
      await s.agents.revoke('kim', '2026-11-22T11:00:00.000Z', hashOf('gone'));
      assert.deepEqual((await s.agents.list()).map((a) => [a.name, a.revoked]), [['amir', false], ['kim', true], ['zoe', false]]);
    });
  });
}
