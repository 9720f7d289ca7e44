// The SQLite migrations (storage/sqlite/migrations/NNNN-name.sql): a database an earlier release
// left is carried forward with every event kept, and PRAGMA user_version records where it is.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { ConversationEvent } from '../../src/conversation/events.js';
import { initialState } from '../../src/conversation/state.js';
import { createSqliteConversationStore } from '../../src/storage/sqlite/conversations.js';
import { loadMigrations, openSqlite, type Db, type Migration } from '../../src/storage/sqlite/open.js';

const said = (text: string): ConversationEvent => ({ type: 'user_said', messageId: `m-${text}`, text, clientMessageId: null, secrets: [] });
const migrations = loadMigrations();
const upTo = (version: number) => migrations.filter((m) => m.version <= version);
const openDatabase = (path: string, applied: readonly Migration[] = migrations): Db => openSqlite({ path }, applied);
const EVENTS_BY_ARRIVAL = 5;
const EVENT_BATCHES = 6;
const storeOn = (db: Db) => createSqliteConversationStore(db, () => undefined);

/**
 * A database as the release before `version` left it: conversations c-b (three events, the third
 * later) and c-a (one event between them), written with that release's SQL.
 */
function databaseBefore(version: number): string {
  const path = join(mkdtempSync(join(tmpdir(), 'parley-migrate-')), 'p.db');
  const db = openDatabase(path, upTo(version - 1));
  const conversation = db.prepare("INSERT INTO conversations (id, token_hash, created_at, updated_at, last_seq, state) VALUES (?, ?, ?, ?, ?, '{}')");
  const event = db.prepare('INSERT INTO conversation_events (conversation_id, seq, type, at, payload) VALUES (?, ?, ?, ?, ?)');
  conversation.run('c-b', Buffer.alloc(32, 2), '2026-11-30T10:00:00.000Z', '2026-11-30T10:00:02.000Z', 3);
  conversation.run('c-a', Buffer.alloc(32, 1), '2026-11-30T10:00:01.000Z', '2026-11-30T10:00:01.000Z', 1);
  event.run('c-b', 1, 'user_said', '2026-11-30T10:00:00.000Z', JSON.stringify(said('b1')));
  event.run('c-b', 2, 'user_said', '2026-11-30T10:00:00.000Z', JSON.stringify(said('b2')));
  event.run('c-a', 1, 'user_said', '2026-11-30T10:00:01.000Z', JSON.stringify(said('a1')));
  event.run('c-b', 3, 'user_said', '2026-11-30T10:00:02.000Z', JSON.stringify(said('b3')));
  db.close();
  return path;
}

/** `sql` (a conversation's events, newest first) walks `index` backwards: no sort. */
function assertReadsNewestFirstThrough(db: Db, index: string, sql: string): void {
  const details = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('c-b', 0) as { detail: string }[]).map((row) => row.detail).join('\n');
  assert.match(details, new RegExp(`USING INDEX ${index}`));
  assert.doesNotMatch(details, /TEMP B-TREE/);
}

describe('migration 5: conversation events stored in arrival order', () => {
  const open = () => openDatabase(databaseBefore(EVENTS_BY_ARRIVAL), upTo(EVENTS_BY_ARRIVAL));

  it('keeps every event, its position and payload, numbered in the order they arrived', () => {
    const db = open();
    assert.equal(db.pragma('user_version', { simple: true }), EVENTS_BY_ARRIVAL);
    const rows = db.prepare('SELECT conversation_id, seq, payload FROM conversation_events ORDER BY id').all() as { conversation_id: string; seq: number; payload: string }[];
    assert.deepEqual(rows.map((r) => `${r.conversation_id}:${r.seq}:${(JSON.parse(r.payload) as { text: string }).text}`), ['c-b:1:b1', 'c-b:2:b2', 'c-a:1:a1', 'c-b:3:b3']);
    db.close();
  });

  it('still refuses a second event at the same position and deletes events with their conversation', () => {
    const db = open();
    const insert = db.prepare("INSERT INTO conversation_events (conversation_id, seq, type, at, payload) VALUES ('c-a', 1, 'user_said', 'x', '{}')");
    assert.throws(() => insert.run(), /UNIQUE constraint failed/);
    db.prepare("DELETE FROM conversations WHERE id = 'c-a'").run();
    assert.equal(db.prepare("SELECT count(*) FROM conversation_events WHERE conversation_id = 'c-a'").pluck().get(), 0);
    assert.equal(db.prepare("SELECT count(*) FROM conversation_events WHERE conversation_id = 'c-b'").pluck().get(), 3);
    db.close();
  });

  it('reads a conversation newest first through the index, without sorting', () => {
    const db = open();
    assertReadsNewestFirstThrough(db, 'conversation_events_by_seq',
      'SELECT seq, payload FROM conversation_events WHERE conversation_id = ? AND seq > ? ORDER BY seq DESC LIMIT 20');
    db.close();
  });
});

describe('migrations as files', () => {
  it('are numbered from 1 without a gap, and a fresh database ends at the last one', () => {
    assert.deepEqual(migrations.map((m) => m.version), migrations.map((_, i) => i + 1));
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'parley-migrate-')), 'fresh.db'));
    assert.equal(db.pragma('user_version', { simple: true }), migrations.at(-1)?.version);
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(db.pragma('synchronous', { simple: true }), 2, 'FULL by default');
    assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
    db.close();
  });

  it('are applied once: opening again changes nothing, and a failed one leaves the version before it', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'parley-migrate-')), 'twice.db');
    openDatabase(path).close();
    const again = openDatabase(path);
    assert.equal(again.pragma('user_version', { simple: true }), migrations.at(-1)?.version);
    again.close();
    const broken = [...migrations, { version: migrations.length + 1, name: 'broken', sql: 'CREATE TABLE late (x); SELECT nonsense FROM nowhere;' }];
    assert.throws(() => openDatabase(path, broken), /no such table/);
    const after = openDatabase(path);
    assert.equal(after.pragma('user_version', { simple: true }), migrations.at(-1)?.version);
    assert.equal(after.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'late'").pluck().get(), 0, 'rolled back whole');
    after.close();
  });
});

describe('migration 6: conversation events stored one batch per append', () => {
  const open = () => openDatabase(databaseBefore(EVENT_BATCHES));

  it('keeps every event, its position, time and payload, and the store reads them as before', async () => {
    const db = open();
    assert.equal(db.pragma('user_version', { simple: true }), migrations.at(-1)?.version);
    assert.equal(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'conversation_events'").pluck().get(), 0, 'the old table is gone');
    const store = storeOn(db);
    const texts = async (id: string) => (await store.events(id)).map((e) => `${e.seq}:${e.at.slice(17, 19)}:${e.type === 'user_said' ? e.text : e.type}`);
    assert.deepEqual(await texts('c-b'), ['1:00:b1', '2:00:b2', '3:02:b3']);
    assert.deepEqual(await texts('c-a'), ['1:01:a1']);
    assert.deepEqual((await store.events('c-b', { afterSeq: 1, limit: 1 })).map((e) => e.seq), [3]);
    assert.deepEqual(await store.events('c-b', { limit: 1 }), [{ ...said('b3'), seq: 3, at: '2026-11-30T10:00:02.000Z' }]);
    db.close();
  });

  it('appends after the migrated events as one row per append, in arrival order', async () => {
    const db = open();
    const store = storeOn(db);
    const record = await store.get('c-a');
    assert.ok(record);
    await store.append({ conversationId: 'c-a', expectedSeq: 1, at: '2026-11-30T10:00:03.000Z', events: [said('a2'), said('a3')], state: initialState });
    assert.deepEqual((await store.events('c-a')).map((e) => e.seq), [1, 2, 3]);
    const rows = db.prepare('SELECT conversation_id || first_seq || last_seq FROM conversation_event_batches ORDER BY id').pluck().all();
    assert.deepEqual(rows, ['c-b11', 'c-b22', 'c-a11', 'c-b33', 'c-a23']);
    db.close();
  });

  it('refuses a second batch ending at the same position and deletes batches with their conversation', () => {
    const db = open();
    const insert = db.prepare("INSERT INTO conversation_event_batches (conversation_id, first_seq, last_seq, at, events) VALUES ('c-a', 1, 1, 'x', '[]')");
    assert.throws(() => insert.run(), /UNIQUE constraint failed/);
    db.prepare("DELETE FROM conversations WHERE id = 'c-a'").run();
    const count = db.prepare('SELECT count(*) FROM conversation_event_batches WHERE conversation_id = ?').pluck();
    assert.equal(count.get('c-a'), 0);
    assert.equal(count.get('c-b'), 3);
    db.close();
  });

  it('answers the events query docs/operations.md gives for reading a conversation with sqlite3', () => {
    const db = open();
    const rows = db.prepare(`SELECT b.first_seq + e.key AS seq, b.at, json_extract(e.value, '$.type') AS type, e.value AS event
      FROM conversation_event_batches b, json_each(b.events) e WHERE b.conversation_id = ? ORDER BY seq`).all('c-b') as { seq: number; type: string; event: string }[];
    assert.deepEqual(rows.map((r) => [r.seq, r.type, (JSON.parse(r.event) as { text: string }).text]), [[1, 'user_said', 'b1'], [2, 'user_said', 'b2'], [3, 'user_said', 'b3']]);
    db.close();
  });

  it('reads a conversation newest first through the index, without sorting', () => {
    const db = open();
    assertReadsNewestFirstThrough(db, 'conversation_event_batches_by_seq',
      'SELECT first_seq, at, events FROM conversation_event_batches WHERE conversation_id = ? AND last_seq > ? ORDER BY last_seq DESC');
    db.close();
  });
});
