// Handoffs nobody claimed within HANDOFF_NOTIFY_AFTER_MINUTES: each is marked overdue once (a
// `handoff_overdue` event, under the conversation's lock, so one instance wins) and then the shop
// is told (handoff/overdue-webhook.ts). The mark comes first: an alert is sent at most once, and
// one lost to a crash between the two is not sent again (docs/handoff.md says so).
import { commitEvents, retryOnConflict } from '../turn/commit.js';
import type { Log } from '../observability/logger.js';
import type { HandoffDeps } from './service.js';
import { startSweepTimer } from './sweep-timer.js';
import type { HandoffView } from './view.js';

/** What the shop's endpoint is told: no transcript, no identifier of the visitor. */
export interface OverdueAlert {
  handoffId: string;
  conversationId: string;
  reason: string;
  role: string;
  intent: string | null;
  queuedAt: string;
  waitingMinutes: number;
}

export interface OverdueDeps extends Omit<HandoffDeps, 'templates'> {
  afterMinutes: number;
  notify: (alert: OverdueAlert) => Promise<void>;
}

/** Handoffs read per pass, oldest first; an overdue one stays in this window until it is claimed or expires. */
const SWEEP_LIMIT = 200;

/** Marks and alerts every handoff queued for longer than the limit; returns how many it alerted. */
export async function alertOverdueHandoffs(deps: OverdueDeps): Promise<number> {
  const now = deps.clock().getTime();
  const cutoff = new Date(now - deps.afterMinutes * 60_000).toISOString();
  const marked: HandoffView[] = [];
  for (const stale of await deps.handoffs.queuedBefore(cutoff, SWEEP_LIMIT)) {
    const isNew = await deps.mutex.run(stale.conversationId, () => retryOnConflict(2, async () => {
      const row = await deps.handoffs.get(stale.id);
      const record = await deps.store.get(stale.conversationId);
      if (!row || !record || row.status !== 'queued') return false;
      const earlier = await deps.store.events(row.conversationId, { afterSeq: row.requestedSeq, types: ['handoff_overdue'] });
      if (earlier.some((e) => e.type === 'handoff_overdue' && e.handoffId === row.id)) return false;
      await commitEvents(deps, record, [{ type: 'handoff_overdue', handoffId: row.id, afterMinutes: deps.afterMinutes }]);
      return true;
    }));
    const view = isNew ? await deps.reader.get(stale.id) : undefined;
    if (view) marked.push(view);
  }
  for (const view of marked) {
    await deps.notify({
      handoffId: view.id, conversationId: view.conversationId, reason: view.reason, role: view.role, intent: view.intent,
      queuedAt: view.createdAt, waitingMinutes: Math.floor((now - Date.parse(view.createdAt)) / 60_000),
    });
  }
  return marked.length;
}

/** The overdue sweep on its timer; the returned stop waits for a pass in progress. */
export function startOverdueTimer(deps: OverdueDeps, log: Log, everyMs: number): () => Promise<void> {
  return startSweepTimer(() => alertOverdueHandoffs(deps)
    .then((n) => {
      if (n > 0) log.info({ overdue: n }, 'overdue handoffs alerted');
    })
    .catch((err: unknown) => log.error({ err }, 'overdue handoff sweep failed')), everyMs);
}
