import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { ConversationEvent } from '../../../src/conversation/events.js';
import { eventsByArrivalMigration } from '../../../src/conversation/migration.js';
import { createSqliteConversationStore } from '../../../src/conversation/sqlite-store.js';
import { initialState } from '../../../src/conversation/state.js';
import { migrations } from '../../../src/db/migrations.js';
import { openDatabase } from '../../../src/db/open-database.js';

const said = (text: string): ConversationEvent => ({ type: 'user_said', messageId: `m-${text}`, text, clientMessageId: null, secrets: [] });
const before = migrations.filter((m) => m.version < eventsByArrivalMigration.version);

/** A database as the previous release left it: events keyed by (conversation_id, seq). */
function previousDatabase() {
  const path = join(mkdtempSync(join(tmpdir(), 'parley-migrate-')), 'p.db');
  const db = openDatabase(path, before);
  const store = createSqliteConversationStore(db);
  // Two conversations whose turns interleave in time.
  store.create({ id: 'c-b', tokenHash: Buffer.alloc(32, 2), at: '2026-11-30T10:00:00.000Z', events: [said('b1'), said('b2')], state: initialState });
  store.create({ id: 'c-a', tokenHash: Buffer.alloc(32, 1), at: '2026-11-30T10:00:01.000Z', events: [said('a1')], state: initialState });
  db.prepare('INSERT INTO conversation_events (conversation_id, seq, type, at, payload) VALUES (?, ?, ?, ?, ?)')
    .run('c-b', 3, 'user_said', '2026-11-30T10:00:02.000Z', JSON.stringify(said('b3')));
  db.prepare("UPDATE conversations SET last_seq = 3 WHERE id = 'c-b'").run();
  db.close();
  return path;
}

describe('migration 5: conversation events stored in arrival order', () => {
  it('keeps every event, its position and payload, and the store reads them as before', () => {
    const path = previousDatabase();
    const db = openDatabase(path);
    assert.equal(db.pragma('user_version', { simple: true }), migrations.at(-1)?.version);
    const store = createSqliteConversationStore(db);
    const texts = (id: string) => store.events(id).map((e) => `${e.seq}:${e.type === 'user_said' ? e.text : e.type}`);
    assert.deepEqual(texts('c-b'), ['1:b1', '2:b2', '3:b3']);
    assert.deepEqual(texts('c-a'), ['1:a1']);
    assert.deepEqual(store.events('c-b', { afterSeq: 1, limit: 1 }).map((e) => e.seq), [3]);
    // Rows are numbered in the order they arrived, across conversations.
    const order = db.prepare('SELECT conversation_id || seq FROM conversation_events ORDER BY id').pluck().all();
    assert.deepEqual(order, ['c-b1', 'c-b2', 'c-a1', 'c-b3']);
    db.close();
  });

  it('still refuses a second event at the same position and deletes events with their conversation', async () => {
    const db = openDatabase(previousDatabase());
    const insert = db.prepare("INSERT INTO conversation_events (conversation_id, seq, type, at, payload) VALUES ('c-a', 1, 'user_said', 'x', '{}')");
    assert.throws(() => insert.run(), /UNIQUE constraint failed/);
    const store = createSqliteConversationStore(db);
    const stored = await store.append({ conversationId: 'c-a', expectedSeq: 1, at: '2026-11-30T10:00:03.000Z', events: [said('a2')], state: initialState });
    assert.deepEqual(stored.map((e) => e.seq), [2]);
    db.prepare("DELETE FROM conversations WHERE id = 'c-a'").run();
    assert.equal(db.prepare("SELECT count(*) FROM conversation_events WHERE conversation_id = 'c-a'").pluck().get(), 0);
    assert.equal(db.prepare("SELECT count(*) FROM conversation_events WHERE conversation_id = 'c-b'").pluck().get(), 3);
    db.close();
  });

  it('reads a conversation newest first through the index, without sorting', () => {
    const db = openDatabase(previousDatabase());
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT seq, type, at, payload FROM conversation_events
      WHERE conversation_id = ? AND seq > ? ORDER BY seq DESC LIMIT 20`).all('c-b', 0) as { detail: string }[];
    const details = plan.map((row) => row.detail).join('\n');
    assert.match(details, /USING INDEX conversation_events_by_seq/);
    assert.doesNotMatch(details, /TEMP B-TREE/);
    db.close();
  });
});
