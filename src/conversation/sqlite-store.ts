import type { Statement } from 'better-sqlite3';
import { groupCommit, type GroupCommitOptions } from '../db/group-commit.js';
import type { Db } from '../db/open-database.js';
import { createRowCache } from '../db/row-cache.js';
import type { ConversationEvent, StoredEvent } from './events.js';
import type { ConversationState } from './state.js';
import { ConcurrentAppendError, type AppendInput, type ConversationRecord, type ConversationStore } from './store.js';

interface ConversationRow {
  id: string;
  token_hash: Buffer;
  created_at: string;
  updated_at: string;
  last_seq: number;
  state: string;
}

interface EventRow {
  seq: number;
  type: string;
  at: string;
  payload: string;
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
  state: JSON.parse(row.state) as ConversationState,
});

const toEvent = (row: EventRow): StoredEvent => {
  // The parsed object is the event's own: its position is added in place. Spreading it into a new
  // object cost ~3.7 µs an event (V8 copies a parsed object on its slow path), this ~1 µs.
  const event = JSON.parse(row.payload) as StoredEvent;
  event.seq = row.seq;
  event.at = row.at;
  return event;
};

/** The payload column holds the event without its position (`seq`/`at` have their own columns). */
const payloadOf = (event: ConversationEvent) => JSON.stringify(event);

/**
 * A read model kept in step with the events: called inside the append transaction for every
 * event, so the projection and the events commit (or roll back) together.
 */
export type Projector = (conversationId: string, event: StoredEvent, state: ConversationState) => void;

export function createSqliteConversationStore(db: Db, projectors: readonly Projector[] = [], commit: GroupCommitOptions = {}): ConversationStore {
  const insertConversation = db.prepare(
    'INSERT INTO conversations (id, token_hash, created_at, updated_at, last_seq, state) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const selectConversation = db.prepare<[string], ConversationRow>('SELECT * FROM conversations WHERE id = ?');
  const selectTokenHash = db.prepare<[string], Buffer>('SELECT token_hash FROM conversations WHERE id = ?').pluck();
  const insertEvent = db.prepare('INSERT INTO conversation_events (conversation_id, seq, type, at, payload) VALUES (?, ?, ?, ?, ?)');
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
  // The events query differs only in how many types it filters on and in its limit: one prepared
  // statement per pair (the callers' limits are a few constants). The limit is written into the
  // SQL, not bound: SQLite plans with a bound LIMIT's value, so binding one makes every run
  // re-prepare the statement (a one-row transcript read took ~30 µs instead of ~8).
  const eventQueries = new Map<string, Statement<(string | number)[], EventRow>>();
  const selectEvents = (typeCount: number, limit: number | undefined): Statement<(string | number)[], EventRow> => {
    const key = `${typeCount} ${limit}`;
    let statement = eventQueries.get(key);
    if (!statement) {
      if (limit !== undefined && !Number.isSafeInteger(limit)) throw new RangeError(`not an event limit: ${limit}`);
      const typeFilter = typeCount > 0 ? ` AND type IN (${Array.from({ length: typeCount }, () => '?').join(', ')})` : '';
      // Newest first, as the (conversation_id, seq) index reads backwards: no sort (events() reverses them).
      statement = db.prepare<(string | number)[], EventRow>(`SELECT seq, type, at, payload FROM conversation_events
        WHERE conversation_id = ? AND seq > ?${typeFilter} ORDER BY seq DESC${limit === undefined ? '' : ` LIMIT ${limit}`}`);
      eventQueries.set(key, statement);
    }
    return statement;
  };

  const writeEvents = (id: string, firstSeq: number, at: string, events: readonly ConversationEvent[], state: ConversationState): StoredEvent[] =>
    events.map((event, i) => {
      const seq = firstSeq + i;
      insertEvent.run(id, seq, event.type, at, payloadOf(event));
      const stored: StoredEvent = { ...event, seq, at };
      for (const project of projectors) project(id, stored, state);
      return stored;
    });

  const create = db.transaction((input: Parameters<ConversationStore['create']>[0]): ConversationRecord => {
    const lastSeq = input.events.length;
    insertConversation.run(input.id, input.tokenHash, input.at, input.at, lastSeq, JSON.stringify(input.state));
    writeEvents(input.id, 1, input.at, input.events, input.state);
    return { id: input.id, tokenHash: input.tokenHash, createdAt: input.at, updatedAt: input.at, lastSeq, state: input.state };
  });

  const append = groupCommit(db, (input: AppendInput): StoredEvent[] => {
    const nextSeq = input.expectedSeq + input.events.length;
    const changed = advance.run(nextSeq, input.at, JSON.stringify(input.state), input.conversationId, input.expectedSeq);
    if (changed.changes !== 1) {
      // The row moved on, or is gone (a purge by another process earlier in this loop turn, which
      // the cache has not checked for yet): its copy is out of date either way.
      records.forget(input.conversationId);
      throw new ConcurrentAppendError(input.conversationId);
    }
    const stored = writeEvents(input.conversationId, input.expectedSeq + 1, input.at, input.events, input.state);
    if (input.turnReply) {
      insertTurnReply.run(input.conversationId, input.turnReply.clientMessageId, JSON.stringify(input.turnReply.reply));
    }
    return stored;
  }, {
    ...commit,
    // A cached record follows its row from the moment the append is committed.
    committed: (input) => {
      const cached = records.peek(input.conversationId);
      if (!cached) return;
      const lastSeq = input.expectedSeq + input.events.length;
      records.set(input.conversationId, frozen({ ...cached, updatedAt: input.at, lastSeq, state: input.state }));
    },
  });

  return {
    create: (input) => create.immediate(input),
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
    events: (id, opts = {}) => {
      const types = opts.types ?? [];
      // The newest `limit` events, returned oldest first.
      return selectEvents(types.length, opts.limit).all(id, opts.afterSeq ?? 0, ...types).reverse().map(toEvent);
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
  };
}
