import { groupCommit, type GroupCommitOptions } from '../db/group-commit.js';
import type { Db } from '../db/open-database.js';
import { createRowCache } from '../db/row-cache.js';
import type { ConversationEvent, StoredEvent } from './events.js';
import { fold, initialState, type ConversationState } from './state.js';
import { ConcurrentAppendError, type AppendInput, type ConversationRecord, type ConversationStore, type PurgeCursor, type UnusedConversationPurge } from './store.js';

interface ConversationRow {
  id: string;
  token_hash: Buffer;
  created_at: string;
  updated_at: string;
  last_seq: number;
  state: string;
}

/** One append's events, oldest first, without their positions (`first_seq` and `at` give them). */
interface BatchRow {
  first_seq: number;
  at: string;
  events: string;
}

/**
 * Conversation records kept in memory (db/row-cache.ts): a turn's authentication and load read no
 * row. ~1 KiB each; the active conversations of a busy site fit.
 */
export const RECORD_CACHE_SIZE = 1024;

/** Every reader of a cached record gets the same object: frozen, so none can change it for the others. */
function frozen(record: ConversationRecord): ConversationRecord {
  const freeze = (value: object): void => {
    for (const inner of Object.values(value)) if (typeof inner === 'object' && inner !== null) freeze(inner as object);
    Object.freeze(value);
  };
  freeze(record.state);
  return Object.freeze(record);
}

const toRecord = (row: ConversationRow): ConversationRecord => frozen({
  id: row.id,
  tokenHash: row.token_hash,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  lastSeq: row.last_seq,
  // Fields added since the row was written take their initial values.
  state: { ...initialState, ...(JSON.parse(row.state) as Partial<ConversationState>) },
});

/**
 * A read model kept in step with the events: called inside the append transaction for every
 * event, with its position, so the projection and the events commit (or roll back) together.
 */
export type Projector = (conversationId: string, event: ConversationEvent, seq: number, at: string, state: ConversationState) => void;

export function createSqliteConversationStore(db: Db, projectors: readonly Projector[] = [], commit: GroupCommitOptions = {}): ConversationStore & UnusedConversationPurge {
  const insertConversation = db.prepare(
    'INSERT INTO conversations (id, token_hash, created_at, updated_at, last_seq, state) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const selectConversation = db.prepare<[string], ConversationRow>('SELECT * FROM conversations WHERE id = ?');
  const selectTokenHash = db.prepare<[string], Buffer>('SELECT token_hash FROM conversations WHERE id = ?').pluck();
  const insertBatch = db.prepare(
    'INSERT INTO conversation_event_batches (conversation_id, first_seq, last_seq, at, events) VALUES (?, ?, ?, ?, ?)',
  );
  // Newest first, as the (conversation_id, last_seq) index reads backwards: no sort. Iterated, so
  // a read with a limit stops at the batch that completes it.
  const selectBatches = db.prepare<[string, number], BatchRow>(`SELECT first_seq, at, events FROM conversation_event_batches
    WHERE conversation_id = ? AND last_seq > ? ORDER BY last_seq DESC`);
  const advance = db.prepare(
    'UPDATE conversations SET last_seq = ?, updated_at = ?, state = ? WHERE id = ? AND last_seq = ?',
  );
  const insertTurnReply = db.prepare('INSERT INTO turn_replies (conversation_id, client_message_id, reply) VALUES (?, ?, ?)');
  const selectTurnReply = db.prepare<[string, string], { reply: string }>(
    'SELECT reply FROM turn_replies WHERE conversation_id = ? AND client_message_id = ?',
  );
  const records = createRowCache<ConversationRecord>(db, RECORD_CACHE_SIZE);
  const deleteIdle = db.prepare(
    'DELETE FROM conversations WHERE id IN (SELECT id FROM conversations WHERE updated_at < ? ORDER BY updated_at LIMIT ?)',
  );
  // In the order of the updated_at index (its entries end with the rowid), from a cursor: a pass
  // reads each row once, however few of them it deletes.
  const selectUnusedCandidates = db.prepare<[string, string, string, number, number], { key: number; id: string; updated_at: string; unused: number }>(`
    SELECT rowid AS key, id, updated_at, json_extract(state, '$.userTurns') = 0 AS unused FROM conversations
    WHERE updated_at >= ? AND updated_at < ? AND (updated_at > ? OR rowid > ?)
    ORDER BY updated_at, rowid LIMIT ?`);
  const deleteUnused = db.prepare("DELETE FROM conversations WHERE id = ? AND json_extract(state, '$.userTurns') = 0");
  const deleteEach = db.transaction((ids: readonly string[]) => ids.reduce((n, id) => n + deleteUnused.run(id).changes, 0));
  const writeEvents = (id: string, firstSeq: number, at: string, events: readonly ConversationEvent[], state: ConversationState): void => {
    if (events.length === 0) return;
    insertBatch.run(id, firstSeq, firstSeq + events.length - 1, at, JSON.stringify(events));
    // No positioned copies of the events: copying one cloned from the worker takes V8's slow path.
    events.forEach((event, i) => {
      for (const project of projectors) project(id, event, firstSeq + i, at, state);
    });
  };

  // Grouped like appends, so opening a conversation never waits for the disk on the event loop: a
  // create alone in its transaction fsynced inside its COMMIT (~0.6 ms of the main thread each under
  // load, more than a turn's whole append).
  const create = groupCommit(db, (input: Parameters<ConversationStore['create']>[0]): ConversationRecord => {
    const lastSeq = input.events.length;
    insertConversation.run(input.id, input.tokenHash, input.at, input.at, lastSeq, JSON.stringify(input.state));
    writeEvents(input.id, 1, input.at, input.events, input.state);
    return { id: input.id, tokenHash: input.tokenHash, createdAt: input.at, updatedAt: input.at, lastSeq, state: input.state };
  }, commit);

  const append = groupCommit(db, (input: AppendInput): void => {
    const nextSeq = input.expectedSeq + input.events.length;
    if (input.create) {
      // Opened earlier, stored with its first message: the row, the opening events (at the time it
      // opened) and this append's, in one transaction. Checked before anything is written.
      const { create } = input;
      if (input.expectedSeq !== create.events.length) throw new ConcurrentAppendError(input.conversationId);
      insertConversation.run(input.conversationId, create.tokenHash, create.at, input.at, nextSeq, JSON.stringify(input.state));
      writeEvents(input.conversationId, 1, create.at, create.events, fold(create.events));
    } else {
      const changed = advance.run(nextSeq, input.at, JSON.stringify(input.state), input.conversationId, input.expectedSeq);
      if (changed.changes !== 1) {
        // The row moved on, or is gone (a purge by another process earlier in this loop turn, which
        // the cache has not checked for yet): its copy is out of date either way.
        records.forget(input.conversationId);
        throw new ConcurrentAppendError(input.conversationId);
      }
    }
    writeEvents(input.conversationId, input.expectedSeq + 1, input.at, input.events, input.state);
    if (input.turnReply) {
      insertTurnReply.run(input.conversationId, input.turnReply.clientMessageId, JSON.stringify(input.turnReply.reply));
    }
  }, {
    ...commit,
    // The conditional UPDATE comes first: a conversation that moved on is refused with nothing written.
    refusedBeforeWriting: (error) => error instanceof ConcurrentAppendError,
    // A cached record follows its row from the moment the append is committed.
    committed: (input) => {
      const cached = records.peek(input.conversationId);
      if (!cached) return;
      const lastSeq = input.expectedSeq + input.events.length;
      records.set(input.conversationId, frozen({ ...cached, updatedAt: input.at, lastSeq, state: input.state }));
    },
  });

  return {
    create,
    get: (id) => {
      const cached = records.get(id);
      if (cached) return cached;
      const row = selectConversation.get(id);
      if (!row) return undefined;
      const record = toRecord(row);
      records.set(id, record);
      return record;
    },
    tokenHash: (id) => records.get(id)?.tokenHash ?? selectTokenHash.get(id),
    events: (id, { afterSeq = 0, types = [], limit = Number.POSITIVE_INFINITY } = {}) => {
      if (limit !== Number.POSITIVE_INFINITY && !Number.isSafeInteger(limit)) throw new RangeError(`not an event limit: ${limit}`);
      const wanted = types.length > 0 ? new Set<string>(types) : undefined;
      // The newest `limit` events, collected newest first and returned oldest first.
      const newestFirst: StoredEvent[] = [];
      if (limit <= 0) return newestFirst;
      for (const row of selectBatches.iterate(id, afterSeq)) {
        const batch = JSON.parse(row.events) as StoredEvent[];
        for (let i = batch.length - 1; i >= 0; i--) {
          const seq = row.first_seq + i;
          if (seq <= afterSeq) break;
          const event = batch[i] as StoredEvent;
          if (wanted && !wanted.has(event.type)) continue;
          // The parsed object is the event's own: its position is added in place (spreading a
          // parsed object into a new one costs V8's slow path, ~3.7 µs an event).
          event.seq = seq;
          event.at = row.at;
          newestFirst.push(event);
          if (newestFirst.length === limit) break;
        }
        if (newestFirst.length === limit) break;
      }
      return newestFirst.reverse();
    },
    append,
    turnReply: (conversationId, clientMessageId) => {
      const row = selectTurnReply.get(conversationId, clientMessageId);
      return row ? (JSON.parse(row.reply) as unknown) : undefined;
    },
    purgeIdleSince: (cutoff, limit = -1) => {
      const deleted = deleteIdle.run(cutoff, limit).changes; // LIMIT -1: no limit
      if (deleted > 0) records.clear(); // which ones is not told: a purge is rare, the cache refills
      return deleted;
    },
    purgeUnusedBefore: (cutoff, from, scan) => {
      if (!Number.isSafeInteger(scan) || scan < 1) throw new RangeError(`not a scan size: ${scan}`);
      const after = from ?? { updatedAt: '', key: Number.MIN_SAFE_INTEGER };
      const rows = selectUnusedCandidates.all(after.updatedAt, cutoff, after.updatedAt, after.key, scan);
      const unused = rows.filter((row) => row.unused === 1).map((row) => row.id);
      const purged = unused.length > 0 ? deleteEach(unused) : 0;
      for (const id of unused) records.forget(id);
      const last = rows.at(-1);
      const next: PurgeCursor | null = rows.length === scan && last ? { updatedAt: last.updated_at, key: last.key } : null;
      return { purged, next };
    },
  };
}
