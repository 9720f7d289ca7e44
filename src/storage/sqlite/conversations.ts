// Conversations on SQLite: a row each (materialised state, last seq, token hash), their events one
// JSON batch per append, the replies retried turns get back, and, in the same transaction as each
// append, the handoffs read model.
import type { ConversationEvent, StoredEvent } from '../../conversation/events.js';
import type { ConversationState } from '../../conversation/state.js';
import { handoffChanges } from '../../handoff/projection.js';
import { ConcurrentAppendError, type AppendInput, type ConversationRecord, type ConversationStore, type PurgeCursor } from '../port.js';
import { toConversationRecord, type ConversationTableRow } from '../rows.js';
import { commitQueue } from './commit-queue.js';
import { handoffWriter } from './handoffs.js';
import type { Db } from './open.js';

interface ConversationRow extends ConversationTableRow {
  state: string;
}

/** One append's events, oldest first, without their positions (`first_seq` and `at` give them). */
interface BatchRow {
  first_seq: number;
  at: string;
  events: string;
}

const isConstraint = (err: unknown): boolean => (err as { code?: unknown }).code?.toString().startsWith('SQLITE_CONSTRAINT') === true;

/** `committed`: told after each append's transaction has committed. */
export function createSqliteConversationStore(db: Db, committed: (change: { conversationId: string; lastSeq: number }) => void): ConversationStore {
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
  const advance = db.prepare('UPDATE conversations SET last_seq = ?, updated_at = ?, state = ? WHERE id = ? AND last_seq = ?');
  const insertTurnReply = db.prepare('INSERT INTO turn_replies (conversation_id, client_message_id, reply) VALUES (?, ?, ?)');
  const selectTurnReply = db.prepare<[string, string], string>(
    'SELECT reply FROM turn_replies WHERE conversation_id = ? AND client_message_id = ?',
  ).pluck();
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
  const applyHandoff = handoffWriter(db);

  const writeEvents = (id: string, firstSeq: number, at: string, events: readonly ConversationEvent[]): void => {
    if (events.length === 0) return;
    insertBatch.run(id, firstSeq, firstSeq + events.length - 1, at, JSON.stringify(events));
    for (const change of handoffChanges(id, events, firstSeq, at)) applyHandoff(change);
  };

  const create = (input: Parameters<ConversationStore['create']>[0]): ConversationRecord => {
    const lastSeq = input.events.length;
    insertConversation.run(input.id, input.tokenHash, input.at, input.at, lastSeq, JSON.stringify(input.state));
    writeEvents(input.id, 1, input.at, input.events);
    return { id: input.id, tokenHash: input.tokenHash, createdAt: input.at, updatedAt: input.at, lastSeq, state: input.state };
  };

  const append = (input: AppendInput): number => {
    const lastSeq = input.expectedSeq + input.events.length;
    const refused = () => new ConcurrentAppendError(input.conversationId);
    if (input.create) {
      // Opened earlier, stored with its first message: the row, the opening events (at the time it
      // opened) and this append's, in one transaction.
      const { create: opened } = input;
      if (input.expectedSeq !== opened.events.length) throw refused();
      try {
        insertConversation.run(input.conversationId, opened.tokenHash, opened.at, input.at, lastSeq, JSON.stringify(input.state));
      } catch (err) {
        throw isConstraint(err) ? refused() : err; // stored meanwhile, by another writer
      }
      writeEvents(input.conversationId, 1, opened.at, opened.events);
    } else if (advance.run(lastSeq, input.at, JSON.stringify(input.state), input.conversationId, input.expectedSeq).changes !== 1) {
      throw refused(); // the row moved on, or is gone
    }
    writeEvents(input.conversationId, input.expectedSeq + 1, input.at, input.events);
    if (input.turnReply) {
      try {
        insertTurnReply.run(input.conversationId, input.turnReply.clientMessageId, JSON.stringify(input.turnReply.reply));
      } catch (err) {
        throw isConstraint(err) ? refused() : err; // this message was answered already
      }
    }
    return lastSeq;
  };
  // Creates and appends share commits (commit-queue.ts); each is undone alone if it throws.
  const commit = commitQueue(db);

  return {
    create: (input) => commit(() => create(input)),
    get: async (id) => {
      const row = selectConversation.get(id);
      return row ? toConversationRecord(row, JSON.parse(row.state) as Partial<ConversationState>) : undefined;
    },
    tokenHash: async (id) => selectTokenHash.get(id),
    events: async (id, { afterSeq = 0, types = [], limit = Number.POSITIVE_INFINITY } = {}) => {
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
          event.seq = seq;
          event.at = row.at;
          newestFirst.push(event);
          if (newestFirst.length === limit) break;
        }
        if (newestFirst.length === limit) break;
      }
      return newestFirst.reverse();
    },
    append: async (input) => {
      const lastSeq = await commit(() => append(input));
      committed({ conversationId: input.conversationId, lastSeq });
    },
    turnReply: async (conversationId, clientMessageId) => {
      const reply = selectTurnReply.get(conversationId, clientMessageId);
      return reply === undefined ? undefined : (JSON.parse(reply) as unknown);
    },
    purgeIdleSince: async (cutoff, limit = -1) => deleteIdle.run(cutoff, limit).changes, // LIMIT -1: no limit
    purgeUnusedBefore: async (cutoff, from, scan) => {
      if (!Number.isSafeInteger(scan) || scan < 1) throw new RangeError(`not a scan size: ${scan}`);
      const after = { updatedAt: from?.updatedAt ?? '', rowid: from?.key ? Number(from.key) : Number.MIN_SAFE_INTEGER };
      const rows = selectUnusedCandidates.all(after.updatedAt, cutoff, after.updatedAt, after.rowid, scan);
      const unused = rows.filter((row) => row.unused === 1).map((row) => row.id);
      const purged = unused.length > 0 ? deleteEach.immediate(unused) : 0;
      const last = rows.at(-1);
      const next: PurgeCursor | null = rows.length === scan && last ? { updatedAt: last.updated_at, key: String(last.key) } : null;
      return { purged, next };
    },
  };
}
