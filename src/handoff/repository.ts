// Reads of the `handoffs` read model (written only by projector.ts).
import type { Db } from '../db/open-database.js';
import type { HandoffReason } from '../conversation/events.js';
import type { HandoffStatus } from './state-machine.js';

export interface HandoffRow {
  id: string;
  conversationId: string;
  status: HandoffStatus;
  reason: HandoffReason;
  summary: string;
  assignee: string | null;
  note: string | null;
  requestedSeq: number;
  createdAt: string;
  updatedAt: string;
}

export interface HandoffRepository {
  get(id: string): HandoffRow | undefined;
  /** Oldest first, at most `limit`. */
  list(status: HandoffStatus, limit: number): HandoffRow[];
  /** The conversation's queued or assigned handoff, if any. */
  openFor(conversationId: string): HandoffRow | undefined;
  /** Queued since before `cutoff` (ISO time), oldest first. */
  queuedBefore(cutoff: string, limit: number): HandoffRow[];
}

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

export function createHandoffRepository(db: Db): HandoffRepository {
  const byId = db.prepare<[string], Row>('SELECT * FROM handoffs WHERE id = ?');
  const byStatus = db.prepare<[string, number], Row>('SELECT * FROM handoffs WHERE status = ? ORDER BY created_at, id LIMIT ?');
  const open = db.prepare<[string], Row>(
    "SELECT * FROM handoffs WHERE conversation_id = ? AND status IN ('queued', 'assigned') ORDER BY created_at DESC LIMIT 1",
  );
  const stale = db.prepare<[string, number], Row>(
    "SELECT * FROM handoffs WHERE status = 'queued' AND created_at < ? ORDER BY created_at, id LIMIT ?",
  );
  return {
    get: (id) => {
      const r = byId.get(id);
      return r ? toRow(r) : undefined;
    },
    list: (status, limit) => byStatus.all(status, limit).map(toRow),
    openFor: (conversationId) => {
      const r = open.get(conversationId);
      return r ? toRow(r) : undefined;
    },
    queuedBefore: (cutoff, limit) => stale.all(cutoff, limit).map(toRow),
  };
}
