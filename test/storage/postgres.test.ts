// The PostgreSQL adapter against every storage contract (a fresh database each, copied from one
// migrated template), then what only several instances on one database can show: an append on
// one is told to the other, migrations run once when five open together on an empty database,
// two writers with the same expectedSeq: one wins, and a lost notification connection comes back.
import assert from 'node:assert/strict';
import { after, before, describe, it, test } from 'node:test';
import { pino } from 'pino';
import { ConcurrentAppendError, type Storage } from '../../src/storage/port.js';
import { openPostgresStorage } from '../../src/storage/postgres/index.js';
import { loadMigrations, migrate } from '../../src/storage/postgres/migrate.js';
import { initialState } from '../../src/conversation/state.js';
import { agentsContract } from './agents-contract.js';
import { channelsContract } from './channels-contract.js';
import { conversationStoreContract } from './conversations-contract.js';
import { countersContract } from './counters-contract.js';
import { ordersContract } from './orders-contract.js';
import { rulesContract } from './rules-contract.js';
import { adminUrl, createTestDatabase, dropAll, postgresSkipReason, queryOn, type TestDatabase } from '../helpers/postgres.js';

if (postgresSkipReason || !adminUrl) {
  console.log(`# skipped: ${postgresSkipReason}`);
  test('PostgreSQL adapter', { skip: postgresSkipReason }, () => {});
} else {
  const admin = adminUrl;
  let template: TestDatabase;
  const databases = new Map<Storage, TestDatabase>();
  before(async () => {
    // Migrated once; every test's database is a copy (CREATE DATABASE … TEMPLATE), ~10x faster than migrating each.
    template = await createTestDatabase();
    await migrate({ connectionString: template.url });
  });
  after(() => dropAll());

  const open = async (): Promise<Storage> => {
    const db = await createTestDatabase({ template: template.name });
    try {
      const storage = await openPostgresStorage({ url: db.url });
      databases.set(storage, db);
      return storage;
    } catch (err) {
      await db.drop();
      throw err;
    }
  };
  const close = async (storage: Storage): Promise<void> => {
    try {
      await storage.close();
    } finally {
      await databases.get(storage)?.drop();
    }
  };

  conversationStoreContract('postgres', open, close);
  ordersContract('postgres', open, close);
  agentsContract('postgres', open, close);
  rulesContract('postgres', open, close);
  countersContract('postgres', open, close);
  channelsContract('postgres', open, close);

  const AT = '2026-11-22T12:00:00.000Z';
  const said = (text: string) => ({ type: 'user_said' as const, messageId: `m-${text}`, text, clientMessageId: null, secrets: [] });
  const started = { type: 'conversation_started' as const, locale: 'en', page: null, verifiedUserId: null };

  /** Two storages (two instances) on one fresh database, closed and dropped after the test. */
  const twoInstances = async (
    t: { after(fn: () => Promise<void>): void },
    options: Partial<Parameters<typeof openPostgresStorage>[0]> = {},
  ): Promise<[Storage, Storage, TestDatabase]> => {
    const db = await createTestDatabase({ template: template.name });
    const a = await openPostgresStorage({ url: db.url });
    const b = await openPostgresStorage({ ...options, url: db.url });
    t.after(async () => {
      await Promise.allSettled([a.close(), b.close()]);
      await db.drop();
    });
    return [a, b, db];
  };

  /** Resolves with the first change the storage is told about that satisfies `wanted`. */
  const toldOf = (storage: Storage, wanted: (c: { conversationId: string; lastSeq: number }) => boolean) =>
    new Promise<{ conversationId: string; lastSeq: number }>((resolve) => {
      const stop = storage.watchAppends((change) => {
        if (!wanted(change)) return;
        stop();
        resolve(change);
      });
    });

  describe('postgres: several instances on one database', () => {
    it('an append on one instance is told to the other (and to itself), after it commits', async (t) => {
      const [a, b] = await twoInstances(t);
      await a.conversations.create({ id: 'c1', tokenHash: Buffer.alloc(32, 1), at: AT, events: [started], state: initialState });
      const onB = toldOf(b, (c) => c.conversationId === 'c1');
      const onA = toldOf(a, (c) => c.conversationId === 'c1');
      await a.conversations.append({ conversationId: 'c1', expectedSeq: 1, at: AT, events: [said('hello')], state: { ...initialState, userTurns: 1 } });
      assert.deepEqual(await onA, { conversationId: 'c1', lastSeq: 2 });
      assert.deepEqual(await onB, { conversationId: 'c1', lastSeq: 2 });
      // What B was told, B can read.
      assert.deepEqual((await b.conversations.events('c1', { afterSeq: 1 })).map((e) => e.seq), [2]);
    });

    it('a refused append tells nobody', async (t) => {
      const [a, b] = await twoInstances(t);
      await a.conversations.create({ id: 'c1', tokenHash: Buffer.alloc(32, 1), at: AT, events: [started], state: initialState });
      const told: number[] = [];
      b.watchAppends((c) => told.push(c.lastSeq));
      await assert.rejects(
        a.conversations.append({ conversationId: 'c1', expectedSeq: 5, at: AT, events: [said('late')], state: initialState }),
        ConcurrentAppendError,
      );
      // A later, successful append is told; the refused one was not (notifications arrive in commit order).
      const next = toldOf(b, () => true);
      await a.conversations.append({ conversationId: 'c1', expectedSeq: 1, at: AT, events: [said('on time')], state: initialState });
      await next;
      assert.deepEqual(told, [2]);
    });

    it('two instances appending with the same expectedSeq: exactly one wins, the other is refused', async (t) => {
      const [a, b] = await twoInstances(t);
      await a.conversations.create({ id: 'c1', tokenHash: Buffer.alloc(32, 1), at: AT, events: [started], state: initialState });
      for (let round = 0; round < 20; round++) {
        const expectedSeq = 1 + round;
        const results = await Promise.allSettled([a, b].map((s, i) => s.conversations.append({
          conversationId: 'c1', expectedSeq, at: AT, events: [said(`${round}-${i}`)], state: { ...initialState, userTurns: round + 1 },
        })));
        const won = results.filter((r) => r.status === 'fulfilled');
        const refused = results.filter((r) => r.status === 'rejected' && r.reason instanceof ConcurrentAppendError);
        assert.equal(won.length, 1, `round ${round}: ${JSON.stringify(results)}`);
        assert.equal(refused.length, 1, `round ${round}`);
      }
      const events = await b.conversations.events('c1');
      assert.deepEqual(events.map((e) => e.seq), Array.from({ length: 21 }, (_, i) => i + 1), 'no gap, no event of a refused append');
      assert.equal((await a.conversations.get('c1'))?.lastSeq, 21);
    });

    it('the same clientMessageId answered on two instances at once: one reply is stored', async (t) => {
      const [a, b] = await twoInstances(t);
      await a.conversations.create({ id: 'c1', tokenHash: Buffer.alloc(32, 1), at: AT, events: [started], state: initialState });
      const results = await Promise.allSettled([a, b].map((s, i) => s.conversations.append({
        conversationId: 'c1', expectedSeq: 1, at: AT, events: [said(`x${i}`)], state: initialState,
        turnReply: { clientMessageId: 'cm-1', reply: { from: i } },
      })));
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      const winner = results.findIndex((r) => r.status === 'fulfilled');
      assert.deepEqual(await b.conversations.turnReply('c1', 'cm-1'), { from: winner });
      // Retried later from the next seq, the same message is refused: its reply exists.
      await assert.rejects(a.conversations.append({
        conversationId: 'c1', expectedSeq: 2, at: AT, events: [said('again')], state: initialState,
        turnReply: { clientMessageId: 'cm-1', reply: { from: 'retry' } },
      }), ConcurrentAppendError);
      assert.equal((await a.conversations.get('c1'))?.lastSeq, 2, 'nothing of the refused retry is stored');
    });

    it('a conversation opened on two instances and stored with its first message on both: one is stored', async (t) => {
      const [a, b] = await twoInstances(t);
      const results = await Promise.allSettled([a, b].map((s, i) => s.conversations.append({
        conversationId: 'held', expectedSeq: 1, at: AT, events: [said(`first ${i}`)], state: initialState,
        create: { tokenHash: Buffer.alloc(32, i), at: AT, events: [started] },
      })));
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      assert.ok(results.some((r) => r.status === 'rejected' && r.reason instanceof ConcurrentAppendError));
      assert.equal((await a.conversations.events('held')).length, 2);
    });

    it('migrations run exactly once when five instances open at the same moment on an empty database', async (t) => {
      const db = await createTestDatabase();
      const storages: Storage[] = [];
      t.after(async () => {
        await Promise.allSettled(storages.map((s) => s.close()));
        await db.drop();
      });
      const opened = await Promise.allSettled(Array.from({ length: 5 }, () => openPostgresStorage({ url: db.url })));
      for (const r of opened) if (r.status === 'fulfilled') storages.push(r.value);
      assert.deepEqual(opened.map((r) => r.status), Array(5).fill('fulfilled'), String(opened.map((r) => r.status === 'rejected' ? r.reason : '')));
      const applied = await queryOn<{ version: number; n: number }>(db.url, 'SELECT version, COUNT(*)::int AS n FROM schema_migrations GROUP BY version ORDER BY version');
      assert.deepEqual(applied, loadMigrations().map((m) => ({ version: m.version, n: 1 })));
      // And the schema works from every one of them.
      await Promise.all(storages.map((s, i) => s.counters.hit('k', AT, AT).then((n) => assert.ok(n >= 1, `instance ${i}`))));
      assert.equal(await storages[0]?.counters.count('k', AT), 5);
    });

    it('an instance whose notification connection is cut gets it back, and is told what it missed', async (t) => {
      const lines: string[] = [];
      const log = pino({ level: 'info' }, { write: (line: string) => lines.push((JSON.parse(line) as { msg: string }).msg) });
      const [a, b, db] = await twoInstances(t, { log });
      await a.conversations.create({ id: 'c1', tokenHash: Buffer.alloc(32, 1), at: AT, events: [started], state: initialState });
      const told = toldOf(b, (c) => c.conversationId === 'c1' && c.lastSeq === 2);
      // Every listening connection to this database ends, as in a network blip or a server restart.
      await queryOn(admin, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'parley-listener' AND datname = $1", [db.name]);
      // Appended at once: most likely before B listens again, when only the catch-up can tell it.
      await a.conversations.append({ conversationId: 'c1', expectedSeq: 1, at: new Date().toISOString(), events: [said('during the cut')], state: initialState });
      assert.deepEqual(await told, { conversationId: 'c1', lastSeq: 2 });
      while (!lines.includes('the PostgreSQL notification connection is back')) await new Promise((r) => setTimeout(r, 50));
      assert.ok(lines.includes('the PostgreSQL notification connection was lost; opening it again'), lines.join('\n'));
      await b.ping();
      // Listening again: the next append is told the ordinary way.
      const next = toldOf(b, (c) => c.lastSeq === 3);
      await a.conversations.append({ conversationId: 'c1', expectedSeq: 2, at: new Date().toISOString(), events: [said('after')], state: initialState });
      await next;
    });
  });
}
