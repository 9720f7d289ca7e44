// The handoffs read model on SQLite: reads (HandoffStore), and the writer the conversation store
// calls inside an append's transaction with what handoff/projection.ts says changed.
import type { HandoffReason } from '../../conversation/events.js';
import type { HandoffChange } from '../../handoff/projection.js';
import type { HandoffStatus } from '../../handoff/state-machine.js';
import type { HandoffRow, HandoffStore } from '../port.js';
import type { Db } from './open.js';

interface Row {
  id: string;
  conversation_id: string;
  status: HandoffStatus;
  reason: HandoffReason;
  summary: string;
  assignee: string | null;
  note: string | null;
  requested_seq: number;
  created_at: string;
  updated_at: string;
}

const toRow = (r: Row): HandoffRow => ({
  id: r.id,
  conversationId: r.conversation_id,
  status: r.status,
  reason: r.reason,
  summary: r.summary,
  assignee: r.assignee,
  note: r.note,
  requestedSeq: r.requested_seq,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function createSqliteHandoffStore(db: Db): HandoffStore {
  const byId = db.prepare<[string], Row>('SELECT * FROM handoffs WHERE id = ?');
  const byStatus = db.prepare<[string, number], Row>('SELECT * FROM handoffs WHERE status = ? ORDER BY created_at, id LIMIT ?');
  const open = db.prepare<[string], Row>(
    "SELECT * FROM handoffs WHERE conversation_id = ? AND status IN ('queued', 'assigned') ORDER BY created_at DESC LIMIT 1",
  );
  const stale = db.prepare<[string, number], Row>(
    "SELECT * FROM handoffs WHERE status = 'queued' AND created_at < ? ORDER BY created_at, id LIMIT ?",
  );
  const one = (r: Row | undefined): HandoffRow | undefined => (r ? toRow(r) : undefined);
  return {
    get: async (id) => one(byId.get(id)),
    list: async (status, limit) => byStatus.all(status, limit).map(toRow),
    openFor: async (conversationId) => one(open.get(conversationId)),
    queuedBefore: async (cutoff, limit) => stale.all(cutoff, limit).map(toRow),
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
