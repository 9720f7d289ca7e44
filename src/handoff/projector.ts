// Keeps the `handoffs` read model in step with the events. Runs inside the store's append
// transaction (sqlite-store.ts `Projector`), so a row never disagrees with the events it came from.
import type { Projector } from '../conversation/sqlite-store.js';
import type { Db } from '../db/open-database.js';

export function handoffProjector(db: Db): Projector {
  const insert = db.prepare(`INSERT INTO handoffs (id, conversation_id, status, reason, summary, assignee, note, requested_seq, created_at, updated_at)
    VALUES (?, ?, 'queued', ?, ?, NULL, NULL, ?, ?, ?)`);
  const claim = db.prepare("UPDATE handoffs SET status = 'assigned', assignee = ?, updated_at = ? WHERE id = ?");
  // The row keeps who resolved it (the conversation's state forgets the assignee once the bot is back).
  const resolve = db.prepare("UPDATE handoffs SET status = 'resolved', assignee = COALESCE(?, assignee), note = ?, updated_at = ? WHERE id = ?");
  const close = db.prepare('UPDATE handoffs SET status = ?, updated_at = ? WHERE id = ?');

  return (conversationId, event, seq, at) => {
    switch (event.type) {
      case 'handoff_requested':
        insert.run(event.handoffId, conversationId, event.reason, event.summary, seq, at, at);
        return;
      case 'handoff_claimed':
        claim.run(event.agent, at, event.handoffId);
        return;
      case 'handoff_resolved':
        resolve.run(event.agent, event.note, at, event.handoffId);
        return;
      case 'handoff_expired':
        close.run('expired', at, event.handoffId);
        return;
      case 'handoff_cancelled':
        close.run('cancelled', at, event.handoffId);
        return;
      default:
        return;
    }
  };
}
