// The handoffs read model on SQLite: reads (HandoffStore), and the writer the conversation store
// calls inside an append's transaction with what handoff/projection.ts says changed.
import type { HandoffChange } from '../../handoff/projection.js';
import type { HandoffStore } from '../port.js';
import { toHandoffRow, type HandoffTableRow } from '../rows.js';
import type { Db } from './open.js';

export function createSqliteHandoffStore(db: Db): HandoffStore {
  const byId = db.prepare<[string], HandoffTableRow>('SELECT * FROM handoffs WHERE id = ?');
  const byStatus = db.prepare<[string, number], HandoffTableRow>('SELECT * FROM handoffs WHERE status = ? ORDER BY created_at, id LIMIT ?');
  const open = db.prepare<[string], HandoffTableRow>(
    "SELECT * FROM handoffs WHERE conversation_id = ? AND status IN ('queued', 'assigned') ORDER BY created_at DESC LIMIT 1",
  );
  const stale = db.prepare<[string, number], HandoffTableRow>(
    "SELECT * FROM handoffs WHERE status = 'queued' AND created_at < ? ORDER BY created_at, id LIMIT ?",
  );
  const one = (r: HandoffTableRow | undefined) => (r ? toHandoffRow(r) : undefined);
  return {
    get: async (id) => one(byId.get(id)),
    list: async (status, limit) => byStatus.all(status, limit).map(toHandoffRow),
    openFor: async (conversationId) => one(open.get(conversationId)),
    queuedBefore: async (cutoff, limit) => stale.all(cutoff, limit).map(toHandoffRow),
  };
}

/** Applies one change; called inside the append's transaction only. */
export function handoffWriter(db: Db): (change: HandoffChange) => void {
  const insert = db.prepare(`INSERT INTO handoffs (id, conversation_id, status, reason, summary, assignee, note, requested_seq, created_at, updated_at)
    VALUES (?, ?, 'queued', ?, ?, NULL, NULL, ?, ?, ?)`);
  const claim = db.prepare("UPDATE handoffs SET status = 'assigned', assignee = ?, updated_at = ? WHERE id = ?");
  const resolve = db.prepare("UPDATE handoffs SET status = 'resolved', assignee = COALESCE(?, assignee), note = ?, updated_at = ? WHERE id = ?");
  const close = db.prepare('UPDATE handoffs SET status = ?, updated_at = ? WHERE id = ?');
  return (change) => {
    switch (change.kind) {
      case 'insert':
        insert.run(change.id, change.conversationId, change.reason, change.summary, change.requestedSeq, change.at, change.at);
        return;
      case 'claim':
        claim.run(change.assignee, change.at, change.id);
        return;
      case 'resolve':
        resolve.run(change.assignee, change.note, change.at, change.id);
        return;
      case 'close':
        close.run(change.status, change.at, change.id);
        return;
    }
  };
}
