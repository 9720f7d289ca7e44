// The shop's alert endpoint for overdue handoffs (HANDOFF_NOTIFY_URL): a JSON POST signed like the
// panel webhooks Parley receives (Parley-Signature: t=<unix seconds>,v1=<HMAC-SHA256 of "t.body">),
// so the shop checks it with the same code. A deadline per attempt, two retries with backoff on a
// network failure, 429 or 5xx; no redirect is followed (undici's request does not); the URL is the
// operator's, never a visitor's.
import { setTimeout as delay } from 'node:timers/promises';
import type { Clock } from '../clock.js';
import type { Log } from '../observability/logger.js';
import { SIGNATURE_HEADER, signatureHeader } from '../orders/webhook-signature.js';
import { backoffMs } from '../panel/retry.js';
import type { OverdueAlert } from './overdue.js';

export type NotifyOutcome = 'sent' | 'failed';

export interface OverdueWebhookOptions {
  url: string;
  secret: string;
  clock: Clock;
  log: Log;
  onOutcome: (outcome: NotifyOutcome) => void;
  timeoutMs?: number;
  retries?: number;
  /** Milliseconds before the first retry (doubled, with jitter, after that). */
  backoffBaseMs?: number;
}

const RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);

export function createOverdueWebhook(options: OverdueWebhookOptions): (alert: OverdueAlert) => Promise<void> {
  const { url, secret, clock, log, onOutcome } = options;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const retries = options.retries ?? 2;
  const target = new URL(url);
  const where = target.origin; // the path or query may hold the shop's own token: never logged

  return async (alert) => {
    const body = JSON.stringify({ type: 'handoff.overdue', handoff: alert });
    const { request } = await import('undici');
    for (let attempt = 0; ; attempt++) {
      let problem: string;
      try {
        const timestamp = Math.floor(clock().getTime() / 1000);
        const res = await request(target, {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/json', 'user-agent': 'Parley/0.1 (support bot)', [SIGNATURE_HEADER]: signatureHeader([secret], timestamp, body) },
          signal: AbortSignal.timeout(timeoutMs),
        });
        await res.body.dump();
        if (res.statusCode >= 200 && res.statusCode < 300) {
          onOutcome('sent');
          return;
        }
        problem = `HTTP ${res.statusCode}`;
        if (!RETRY_STATUSES.has(res.statusCode)) attempt = retries;
      } catch (err) {
        problem = err instanceof Error ? err.name : 'error';
      }
      if (attempt >= retries) {
        onOutcome('failed');
        log.warn({ where, handoffId: alert.handoffId, problem }, 'overdue handoff alert not delivered');
        return;
      }
      await delay(backoffMs(attempt, Math.random, options.backoffBaseMs ?? 500, 5_000));
    }
  };
}
