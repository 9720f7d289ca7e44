// The shop's alert endpoint for overdue handoffs (HANDOFF_NOTIFY_URL): a JSON POST signed like the
// panel webhooks Parley receives (Parley-Signature: t=<unix seconds>,v1=<HMAC-SHA256 of "t.body">),
// so the shop checks it with the same code. Sent through the shared outgoing client
// (outbound/client.ts: a deadline, retries after a network failure, 429 or 502-504, no redirect);
// the URL is the operator's, never a visitor's.
import type { Clock } from '../clock.js';
import type { Log } from '../observability/logger.js';
import { signedJsonHeaders } from '../orders/webhook-signature.js';
import { createOutbound, OutboundError } from '../outbound/client.js';
import type { OverdueAlert } from './overdue.js';

export type NotifyOutcome = 'sent' | 'failed';

export interface OverdueWebhook {
  notify(alert: OverdueAlert): Promise<void>;
  close(): Promise<void>;
}

export interface OverdueWebhookOptions {
  url: string;
  secret: string;
  clock: Clock;
  log: Log;
  onOutcome: (outcome: NotifyOutcome) => void;
  /** Overall deadline per alert, retries included. */
  timeoutMs?: number;
  retries?: number;
}

/** The shop's answer is not read beyond its status. */
const MAX_ANSWER_BYTES = 64 * 1024;

export function createOverdueWebhook(options: OverdueWebhookOptions): OverdueWebhook {
  const { secret, clock, log, onOutcome } = options;
  const http = createOutbound({ url: options.url, timeoutMs: options.timeoutMs ?? 10_000, retries: options.retries ?? 2, maxBytes: MAX_ANSWER_BYTES });
  const where = new URL(options.url).origin; // the path or query may hold the shop's own token: never logged

  return {
    async notify(alert) {
      const body = JSON.stringify({ type: 'handoff.overdue', handoff: alert });
      try {
        const timestamp = Math.floor(clock().getTime() / 1000);
        await http.send({ method: 'POST', headers: { ...signedJsonHeaders(secret, timestamp, body), 'user-agent': 'Parley handoff alert' }, body });
        onOutcome('sent');
      } catch (err) {
        onOutcome('failed');
        log.warn({ where, handoffId: alert.handoffId, problem: err instanceof OutboundError ? err.message : 'error' }, 'overdue handoff alert not delivered');
      }
    },
    close: () => http.close(),
  };
}
