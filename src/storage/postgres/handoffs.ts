// The handoffs read model on PostgreSQL: reads (HandoffStore), and the writer the conversation
// store calls inside an append's transaction with what handoff/projection.ts says changed.
import type pg from 'pg';
import type { HandoffChange } from '../../handoff/projection.js';
import type { HandoffStore } from '../port.js';
import { toHandoffRow, type HandoffTableRow } from '../rows.js';
import type { Queryable } from './pool.js';

export function createPostgresHandoffStore(pool: pg.Pool): HandoffStore {
  const rows = async (sql: string, values: unknown[]) => (await pool.query<HandoffTableRow>(sql, values)).rows.map(toHandoffRow);
  return {
    get: async (id) => (await rows('SELECT * FROM handoffs WHERE id = $1', [id]))[0],
    list: (status, limit) => rows('SELECT * FROM handoffs WHERE status = $1 ORDER BY created_at, id LIMIT $2', [status, limit]),
    openFor: async (conversationId) => (await rows(
      "SELECT * FROM handoffs WHERE conversation_id = $1 AND status IN ('queued', 'assigned') ORDER BY created_at DESC LIMIT 1",
      [conversationId],
    ))[0],
    queuedBefore: (cutoff, limit) => rows(
      "SELECT * FROM handoffs WHERE status = 'queued' AND created_at < $1 ORDER BY created_at, id LIMIT $2",
      [cutoff, limit],
    ),
  };
}

/** Applies one change; called inside the append's transaction only. */
export async function applyHandoffChange(client: Queryable, change: HandoffChange): Promise<void> {
  switch (change.kind) {
    case 'insert':
      await client.query(
        `INSERT INTO handoffs (id, conversation_id, status, reason, summary, assignee, note, requested_seq, created_at, updated_at)
         VALUES ($1, $2, 'queued', $3, $4, NULL, NULL, $5, $6, $6)`,
        [change.id, change.conversationId, change.reason, change.summary, change.requestedSeq, change.at],
      );
      return;
    case 'claim':
      await client.query("UPDATE handoffs SET status = 'assigned', assignee = $1, updated_at = $2 WHERE id = $3", [change.assignee, change.at, change.id]);
      return;
    case 'resolve':
      await client.query(
        "UPDATE handoffs SET status = 'resolved', assignee = COALESCE($1, assignee), note = $2, updated_at = $3 WHERE id = $4",
        [change.assignee, change.note, change.at, change.id],
      );
      return;
    case 'close':
      await client.query('UPDATE handoffs SET status = $1, updated_at = $2 WHERE id = $3', [change.status, change.at, change.id]);
      return;
  }
}
