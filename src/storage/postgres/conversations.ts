// Conversations on PostgreSQL: a row each (materialised state, last seq, token hash), their events
// one row each, the replies retried turns get back, and, in the same transaction as each append,
// the handoffs read model and a notification to every instance listening (append-listener.ts).
import type pg from 'pg';
import type { ConversationEvent, StoredEvent } from '../../conversation/events.js';
import type { ConversationState } from '../../conversation/state.js';
import { handoffChanges } from '../../handoff/projection.js';
import { ConcurrentAppendError, type AppendInput, type ConversationStore, type PurgeCursor } from '../port.js';
import { toConversationRecord, type ConversationTableRow } from '../rows.js';
import { APPENDS_CHANNEL, type AppendNotice } from './append-listener.js';
import { applyHandoffChange } from './handoffs.js';
import { inTransaction, isUniqueViolation, type Queryable } from './pool.js';

interface ConversationRow extends ConversationTableRow {
  state: Partial<ConversationState>;
}

// JSON is always sent as text: pg would turn a JS array into a PostgreSQL array literal.
const json = (value: unknown): string => JSON.stringify(value);

const INSERT_CONVERSATION = 'INSERT INTO conversations (id, token_hash, created_at, updated_at, last_seq, state) VALUES ($1, $2, $3, $4, $5, $6)';

/** The events, numbered from `firstSeq`, in one statement, and what they change in the handoffs. */
async function writeEvents(client: Queryable, id: string, firstSeq: number, at: string, events: readonly ConversationEvent[]): Promise<void> {
  if (events.length === 0) return;
  await client.query(
    `INSERT INTO conversation_events (conversation_id, seq, type, at, event)
     SELECT $1, $2::integer + n - 1, e->>'type', $3, e FROM json_array_elements($4::json) WITH ORDINALITY AS t(e, n)`,
    [id, firstSeq, at, json(events)],
  );
  for (const change of handoffChanges(id, events, firstSeq, at)) await applyHandoffChange(client, change);
}

/**
 * `committed`: told after each append's transaction has committed on this instance; `origin`
 * marks this instance's notifications, so the listener does not tell them a second time.
 */
export function createPostgresConversationStore(pool: pg.Pool, origin: string, committed: (change: { conversationId: string; lastSeq: number }) => void): ConversationStore {
  const refusedIfTaken = (conversationId: string) => (err: unknown): never => {
    throw isUniqueViolation(err) ? new ConcurrentAppendError(conversationId) : err;
  };

  return {
    create: (input) => inTransaction(pool, async (client) => {
      const lastSeq = input.events.length;
      await client.query(INSERT_CONVERSATION, [input.id, input.tokenHash, input.at, input.at, lastSeq, json(input.state)]);
      await writeEvents(client, input.id, 1, input.at, input.events);
      return { id: input.id, tokenHash: input.tokenHash, createdAt: input.at, updatedAt: input.at, lastSeq, state: input.state };
    }),

    async get(id) {
      const { rows } = await pool.query<ConversationRow>('SELECT * FROM conversations WHERE id = $1', [id]);
      return rows[0] ? toConversationRecord(rows[0], rows[0].state) : undefined;
    },

    async tokenHash(id) {
      const { rows } = await pool.query<{ token_hash: Buffer }>('SELECT token_hash FROM conversations WHERE id = $1', [id]);
      return rows[0]?.token_hash;
    },

    async events(id, { afterSeq = 0, types = [], limit = Number.POSITIVE_INFINITY } = {}) {
      if (limit !== Number.POSITIVE_INFINITY && !Number.isSafeInteger(limit)) throw new RangeError(`not an event limit: ${limit}`);
      if (limit <= 0) return [];
      // The newest `limit` events (LIMIT NULL: all), read newest first and returned oldest first.
      const { rows } = await pool.query<{ seq: number; at: string; event: StoredEvent }>(
        `SELECT seq, at, event FROM conversation_events
         WHERE conversation_id = $1 AND seq > $2 AND (cardinality($3::text[]) = 0 OR type = ANY ($3::text[]))
         ORDER BY seq DESC LIMIT $4`,
        [id, afterSeq, types, limit === Number.POSITIVE_INFINITY ? null : limit],
      );
      const events: StoredEvent[] = [];
      for (let i = rows.length - 1; i >= 0; i--) {
        const row = rows[i] as (typeof rows)[number];
        row.event.seq = row.seq;
        row.event.at = row.at;
        events.push(row.event);
      }
      return events;
    },

    async append(input: AppendInput) {
      const { conversationId } = input;
      const lastSeq = input.expectedSeq + input.events.length;
      await inTransaction(pool, async (client) => {
        if (input.create) {
          // Opened earlier, stored with its first message: the row, the opening events (at the time
          // it opened) and this append's, in one transaction. A second writer's INSERT waits for
          // this one's commit and then fails on the key: it is refused.
          const { create: opened } = input;
          if (input.expectedSeq !== opened.events.length) throw new ConcurrentAppendError(conversationId);
          await client.query(INSERT_CONVERSATION, [conversationId, opened.tokenHash, opened.at, input.at, lastSeq, json(input.state)])
            .catch(refusedIfTaken(conversationId));
          await writeEvents(client, conversationId, 1, opened.at, opened.events);
        } else {
          // The row lock makes a concurrent writer (on any instance) wait, then see the new
          // last_seq and change nothing: refused before anything is written.
          const advanced = await client.query(
            'UPDATE conversations SET last_seq = $1, updated_at = $2, state = $3 WHERE id = $4 AND last_seq = $5',
            [lastSeq, input.at, json(input.state), conversationId, input.expectedSeq],
          );
          if (advanced.rowCount !== 1) throw new ConcurrentAppendError(conversationId); // moved on, or gone
        }
        if (input.turnReply) {
          const stored = await client.query(
            'INSERT INTO turn_replies (conversation_id, client_message_id, reply) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
            [conversationId, input.turnReply.clientMessageId, json(input.turnReply.reply)],
          );
          if (stored.rowCount !== 1) throw new ConcurrentAppendError(conversationId); // this message was answered already
        }
        await writeEvents(client, conversationId, input.expectedSeq + 1, input.at, input.events);
        // Delivered to every listening session when (and only if) this transaction commits.
        const notice: AppendNotice = { c: conversationId, s: lastSeq, o: origin };
        await client.query('SELECT pg_notify($1, $2)', [APPENDS_CHANNEL, json(notice)]);
      });
      committed({ conversationId, lastSeq });
    },

    async turnReply(conversationId, clientMessageId) {
      const { rows } = await pool.query<{ reply: unknown }>(
        'SELECT reply FROM turn_replies WHERE conversation_id = $1 AND client_message_id = $2',
        [conversationId, clientMessageId],
      );
      return rows[0]?.reply;
    },

    async purgeIdleSince(cutoff, limit) {
      // Events, turn replies and handoffs go with their conversation (ON DELETE CASCADE).
      // Rows another writer holds (an append now, another instance's purge) are left for the next
      // pass: two purges never wait on each other, nor deadlock deleting the same rows.
      const deleted = await pool.query(
        `DELETE FROM conversations WHERE id IN (
           SELECT id FROM conversations WHERE updated_at < $1 ORDER BY updated_at, id LIMIT $2 FOR UPDATE SKIP LOCKED)`,
        [cutoff, limit ?? null],
      );
      return deleted.rowCount ?? 0;
    },

    async purgeUnusedBefore(cutoff, from, scan) {
      if (!Number.isSafeInteger(scan) || scan < 1) throw new RangeError(`not a scan size: ${scan}`);
      // In the order of the (updated_at, id) index, from the cursor: a pass reads each row once,
      // however few of them it deletes. The id is the cursor's key.
      const { rows } = await pool.query<{ id: string; updated_at: string; unused: boolean }>(
        `SELECT id, updated_at, (state->>'userTurns')::integer = 0 AS unused FROM conversations
         WHERE updated_at < $1 AND (updated_at, id) > ($2, $3)
         ORDER BY updated_at, id LIMIT $4`,
        [cutoff, from?.updatedAt ?? '', from?.key ?? '', scan],
      );
      const unused = rows.filter((row) => row.unused).map((row) => row.id);
      let purged = 0;
      if (unused.length > 0) {
        // Checked again under the row lock: a visitor may have spoken since the read.
        const deleted = await pool.query(
          `DELETE FROM conversations WHERE id IN (
             SELECT id FROM conversations WHERE id = ANY ($1::text[]) AND (state->>'userTurns')::integer = 0 FOR UPDATE SKIP LOCKED)`,
          [unused],
        );
        purged = deleted.rowCount ?? 0;
      }
      const last = rows.at(-1);
      const next: PurgeCursor | null = rows.length === scan && last ? { updatedAt: last.updated_at, key: last.id } : null;
      return { purged, next };
    },
  };
}
