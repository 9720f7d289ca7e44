import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { ConversationEvent } from '../../../src/conversation/events.js';
import { createSqliteConversationStore } from '../../../src/conversation/sqlite-store.js';
import { fold, initialState } from '../../../src/conversation/state.js';
import { ConcurrentAppendError, type ConversationRecord } from '../../../src/conversation/store.js';
import { openDatabase } from '../../../src/db/open-database.js';

const AT = '2026-11-30T12:00:00.000Z';
const said = (text: string): ConversationEvent => ({ type: 'user_said', messageId: `m-${text}`, text, clientMessageId: null, secrets: [] });
const bot = (text: string): ConversationEvent => ({ type: 'bot_said', messageId: `b-${text}`, text, replyKey: 'k', quickReplies: [], inReplyTo: null });

async function storeWith(...ids: string[]) {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'parley-store-')), 's.db'));
  const store = createSqliteConversationStore(db);
  await Promise.all(ids.map((id) => store.create({ id, tokenHash: Buffer.alloc(32), at: AT, events: [], state: initialState })));
  return { db, store };
}

describe('SQLite conversation store', () => {
  it('appends events, state and the turn reply together, and numbers events from the expected seq', async () => {
    const { db, store } = await storeWith('c-1');
    const events = [said('hello'), said('again')];
    await store.append({ conversationId: 'c-1', expectedSeq: 0, at: AT, events, state: fold(events), turnReply: { clientMessageId: 'k-1', reply: { ok: 1 } } });
    assert.deepEqual(store.events('c-1').map((e) => e.seq), [1, 2]);
    const record = store.get('c-1');
    assert.equal(record?.lastSeq, 2);
    assert.equal(record?.state.userTurns, 2);
    assert.deepEqual(store.events('c-1').map((e) => e.type === 'user_said' && e.text), ['hello', 'again']);
    assert.deepEqual(store.turnReply('c-1', 'k-1'), { ok: 1 });
    db.close();
  });

  it('with a WAL sync, an append resolves only after it (the server passes db/wal-sync.ts)', async () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'parley-store-')), 's.db'));
    let release: (() => void) | undefined;
    let hold = false;
    const store = createSqliteConversationStore(db, [], { walSync: () => new Promise<void>((resolve) => (hold ? (release = resolve) : resolve())) });
    await store.create({ id: 'c-1', tokenHash: Buffer.alloc(32), at: AT, events: [], state: initialState });
    hold = true;
    let done = false;
    const appending = store.append({ conversationId: 'c-1', expectedSeq: 0, at: AT, events: [said('hi')], state: fold([said('hi')]) }).then(() => (done = true));
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(store.get('c-1')?.lastSeq, 1, 'committed');
    assert.equal(done, false, 'not acknowledged before the sync');
    release?.();
    await appending;
    assert.equal(done, true);
    db.close();
  });

  it('creates conversations through the group commit: one commit and one WAL sync for a tick\'s creates, each resolved after it', async () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'parley-store-')), 's.db'));
    let syncs = 0;
    let release: (() => void) | undefined;
    const store = createSqliteConversationStore(db, [], { walSync: () => new Promise<void>((resolve) => { syncs++; release = resolve; }) });
    let done = 0;
    const creating = Promise.all(['c-1', 'c-2', 'c-3'].map((id) =>
      store.create({ id, tokenHash: Buffer.alloc(32), at: AT, events: [said(id)], state: fold([said(id)]) }).then(() => done++)));
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(syncs, 1, 'the three share one commit');
    assert.equal(store.get('c-2')?.lastSeq, 1, 'committed');
    assert.equal(done, 0, 'not acknowledged before the sync');
    release?.();
    await creating;
    assert.equal(done, 3);
    assert.deepEqual(store.events('c-3').map((e) => e.type === 'user_said' && e.text), ['c-3']);
    db.close();
  });

  it('reads the newest `limit` events of the asked types after `afterSeq`, oldest first, each with its seq and time', async () => {
    const { db, store } = await storeWith('c-1');
    const events = [said('1'), bot('2'), said('3'), bot('4'), said('5')];
    await store.append({ conversationId: 'c-1', expectedSeq: 0, at: AT, events, state: fold(events) });
    const texts = (read: ReturnType<typeof store.events>) => read.map((e) => `${e.seq}:${'text' in e ? e.text : ''}`);
    assert.deepEqual(texts(store.events('c-1')), ['1:1', '2:2', '3:3', '4:4', '5:5']);
    assert.deepEqual(texts(store.events('c-1', { limit: 2 })), ['4:4', '5:5']);
    assert.deepEqual(texts(store.events('c-1', { types: ['user_said'], limit: 2 })), ['3:3', '5:5']);
    assert.deepEqual(texts(store.events('c-1', { afterSeq: 3 })), ['4:4', '5:5']);
    assert.deepEqual(texts(store.events('c-1', { types: ['bot_said'], afterSeq: 1, limit: 5 })), ['2:2', '4:4']);
    assert.deepEqual(store.events('c-1', { limit: 1 }), [{ ...said('5'), seq: 5, at: AT }]);
    assert.deepEqual(store.events('c-404', { limit: 2 }), []);
    db.close();
  });

  it('reads across appends (one stored batch each): limits, types and afterSeq cut inside batches', async () => {
    const { db, store } = await storeWith('c-1');
    const turns = [[said('1'), bot('2')], [said('3')], [bot('4'), said('5'), bot('6')]];
    let seq = 0;
    for (const [i, events] of turns.entries()) {
      await store.append({ conversationId: 'c-1', expectedSeq: seq, at: `2026-11-30T12:00:0${i}.000Z`, events, state: fold(events) });
      seq += events.length;
    }
    const read = (opts: Parameters<typeof store.events>[1]) => store.events('c-1', opts).map((e) => `${e.seq}@${e.at.slice(18, 19)}`);
    assert.deepEqual(read({}), ['1@0', '2@0', '3@1', '4@2', '5@2', '6@2']);
    assert.deepEqual(read({ limit: 4 }), ['3@1', '4@2', '5@2', '6@2']);
    assert.deepEqual(read({ types: ['user_said'], limit: 2 }), ['3@1', '5@2']);
    assert.deepEqual(read({ types: ['bot_said'], limit: 2 }), ['4@2', '6@2']);
    assert.deepEqual(read({ afterSeq: 1 }), ['2@0', '3@1', '4@2', '5@2', '6@2']);
    assert.deepEqual(read({ afterSeq: 4, types: ['user_said'] }), ['5@2']);
    assert.deepEqual(read({ limit: 0 }), []);
    assert.throws(() => store.events('c-1', { limit: 2.5 }), RangeError);
    db.close();
  });

  it('reads the token hash alone, and nothing for an unknown conversation', async () => {
    const { db, store } = await storeWith('c-1');
    assert.deepEqual(store.tokenHash('c-1'), Buffer.alloc(32));
    assert.equal(store.tokenHash('c-404'), undefined);
    db.close();
  });

  describe('records kept in memory', () => {
    /** The record as its row says, read by a store that has cached nothing. */
    const rowOf = (db: Database.Database, id: string) => createSqliteConversationStore(db).get(id);

    it('a record read before an append is the row after it, and a refused append leaves it as the row is', async () => {
      const { db, store } = await storeWith('c-1');
      assert.equal(store.get('c-1')?.lastSeq, 0);
      const events = [said('hello')];
      await store.append({ conversationId: 'c-1', expectedSeq: 0, at: '2026-12-01T00:00:00.000Z', events, state: fold(events) });
      assert.deepEqual(store.get('c-1'), rowOf(db, 'c-1'));
      assert.equal(store.get('c-1')?.lastSeq, 1);
      assert.equal(store.get('c-1')?.state.userTurns, 1);
      await assert.rejects(store.append({ conversationId: 'c-1', expectedSeq: 0, at: AT, events, state: initialState }), ConcurrentAppendError);
      assert.deepEqual(store.get('c-1'), rowOf(db, 'c-1'));
      db.close();
    });

    it('a conversation deleted by another process (`parley purge`) is gone from the next turn of the event loop, token hash included', async () => {
      const { db, store } = await storeWith('c-1', 'c-2');
      assert.ok(store.get('c-1') && store.tokenHash('c-1') && store.get('c-2'));
      const other = new Database(db.name);
      other.prepare("DELETE FROM conversations WHERE id = 'c-1'").run();
      other.close();
      await new Promise((resolve) => setImmediate(resolve)); // the cache checks once per loop turn
      assert.equal(store.tokenHash('c-1'), undefined);
      assert.equal(store.get('c-1'), undefined);
      assert.equal(store.get('c-2')?.id, 'c-2');
      db.close();
    });

    it('a refused append forgets the cached record, so a purge by another process in the same loop turn is seen', async () => {
      const { db, store } = await storeWith('c-1', 'c-2');
      assert.ok(store.get('c-1')); // cached
      await new Promise((resolve) => setImmediate(resolve));
      const refused = store.append({ conversationId: 'c-1', expectedSeq: 0, at: AT, events: [said('hi')], state: initialState });
      assert.ok(store.get('c-2')); // this loop turn's data_version check, before the purge
      const other = new Database(db.name);
      other.prepare("DELETE FROM conversations WHERE id = 'c-1'").run();
      other.close();
      await assert.rejects(refused, ConcurrentAppendError);
      assert.equal(store.tokenHash('c-1'), undefined, 'gone, not a conflict (commit.ts answers 404)');
      db.close();
    });

    it('a conversation this store purged is gone at once', async () => {
      const { db, store } = await storeWith('c-1');
      assert.ok(store.get('c-1'));
      assert.equal(store.purgeIdleSince('2027-01-01T00:00:00.000Z'), 1);
      assert.equal(store.get('c-1'), undefined);
      assert.equal(store.tokenHash('c-1'), undefined);
      db.close();
    });

    it('every reader gets the same record, so none may change it', async () => {
      const { db, store } = await storeWith('c-1');
      const record = store.get('c-1') as ConversationRecord;
      assert.throws(() => Object.assign(record, { lastSeq: 7 }), TypeError);
      assert.throws(() => Object.assign(record.state, { userTurns: 7 }), TypeError);
      assert.throws(() => Object.assign(record.state.collected, { email: 'x@y.z' }), TypeError);
      assert.deepEqual(store.get('c-1'), rowOf(db, 'c-1'));
      db.close();
    });
  });

  it('refuses a stale append (another writer got there first) without touching the other appends of its group', async () => {
    const { db, store } = await storeWith('c-1', 'c-2');
    const outcomes = await Promise.allSettled([
      store.append({ conversationId: 'c-1', expectedSeq: 0, at: AT, events: [said('first')], state: initialState }),
      store.append({ conversationId: 'c-1', expectedSeq: 0, at: AT, events: [said('stale')], state: initialState, turnReply: { clientMessageId: 'k-stale', reply: 1 } }),
      store.append({ conversationId: 'c-2', expectedSeq: 0, at: AT, events: [said('other')], state: initialState }),
    ]);
    assert.deepEqual(outcomes.map((o) => o.status), ['fulfilled', 'rejected', 'fulfilled']);
    assert.ok((outcomes[1] as PromiseRejectedResult).reason instanceof ConcurrentAppendError);
    assert.deepEqual(store.events('c-1').map((e) => e.type === 'user_said' && e.text), ['first']);
    assert.equal(store.turnReply('c-1', 'k-stale'), undefined, 'nothing of the refused append is stored');
    assert.equal(store.get('c-2')?.lastSeq, 1);
    db.close();
  });
});
