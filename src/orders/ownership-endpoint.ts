// The shop's ownership endpoint (OWNERSHIP_URL), for shops whose customer data lives elsewhere:
// when the directory cannot judge a proof (it does not know the order, or holds no value of that
// kind), Parley asks "does order X belong to proof Y?":
//   POST OWNERSHIP_URL  {"orderId":"…","proof":{"kind":"email|account_id|link","value":"…"}}
//   Parley-Signature: t=<unix seconds>,v1=hex(HMAC-SHA256(OWNERSHIP_SECRET, "<t>." + body))
// (the panel webhooks' scheme, webhook-signature.ts), and the shop answers {"owns": true|false}.
// Answers are kept briefly (bounded, injected clock). A timeout, a refusal or an unreadable answer
// is "could not check": never a yes, and never cached.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../clock.js';
import type { Log } from '../observability/logger.js';
import { createOutbound } from '../outbound/client.js';
import { signedJsonHeaders } from './webhook-signature.js';

export type ProofKind = 'email' | 'account_id' | 'link';
export interface OwnershipQuestion {
  orderId: string;
  /** Normalised as the directory stores it (a lower-cased email, a canonical link). */
  proof: { kind: ProofKind; value: string };
}
export type EndpointAnswer = 'yes' | 'no' | 'unavailable';

export interface OwnershipEndpoint {
  ask(question: OwnershipQuestion): Promise<EndpointAnswer>;
  close(): Promise<void>;
}

export interface OwnershipEndpointOptions {
  url: string;
  secret: string;
  clock: Clock;
  log: Log;
  /** Overall deadline per question, its retry included (default 3 s). */
  timeoutMs?: number;
  retries?: number;
  /** How long an answer is reused (default 5 minutes). */
  cacheMs?: number;
  /** Answers kept at most; the oldest goes first (default 10,000). */
  maxCached?: number;
  /** The metrics' hooks. */
  onCall?: (result: 'yes' | 'no' | 'error') => void;
  onCacheHit?: () => void;
}

const Answer = z.object({ owns: z.boolean() });
const MAX_ANSWER_BYTES = 4096;

export function createOwnershipEndpoint(opts: OwnershipEndpointOptions): OwnershipEndpoint {
  const http = createOutbound({ url: opts.url, timeoutMs: opts.timeoutMs ?? 3000, retries: opts.retries ?? 1, maxBytes: MAX_ANSWER_BYTES });
  const cacheMs = opts.cacheMs ?? 5 * 60_000;
  const maxCached = opts.maxCached ?? 10_000;
  // Keyed by a hash: the cache holds no email or link in the clear. A Map keeps insertion order,
  // so its first key is the oldest answer.
  const cache = new Map<string, { owns: boolean; until: number }>();
  const keyOf = (q: OwnershipQuestion) => createHash('sha256').update(`${q.orderId}\u0000${q.proof.kind}\u0000${q.proof.value}`).digest('base64');

  async function call(question: OwnershipQuestion): Promise<boolean> {
    const body = JSON.stringify({ orderId: question.orderId, proof: question.proof });
    const timestamp = Math.floor(opts.clock().getTime() / 1000);
    const res = await http.send({
      method: 'POST',
      headers: { ...signedJsonHeaders(opts.secret, timestamp, body), accept: 'application/json', 'user-agent': 'Parley ownership check' },
      body,
    });
    return Answer.parse(JSON.parse(res.text)).owns;
  }

  return {
    async ask(question) {
      const key = keyOf(question);
      const now = opts.clock().getTime();
      const kept = cache.get(key);
      if (kept && kept.until > now) {
        opts.onCacheHit?.();
        return kept.owns ? 'yes' : 'no';
      }
      let owns: boolean;
      try {
        owns = await call(question);
      } catch (err) {
        // The kind only: never the question (personal data) or the secret.
        const kind = (err as { kind?: unknown }).kind ?? (err instanceof z.ZodError || err instanceof SyntaxError ? 'bad_answer' : 'failed');
        opts.log.warn({ ownershipEndpoint: { error: kind, status: (err as { status?: unknown }).status } }, 'ownership endpoint could not answer');
        opts.onCall?.('error');
        return 'unavailable';
      }
      opts.onCall?.(owns ? 'yes' : 'no');
      cache.delete(key);
      cache.set(key, { owns, until: now + cacheMs });
      while (cache.size > maxCached) cache.delete(cache.keys().next().value as string);
      return owns ? 'yes' : 'no';
    },
    close: () => http.close(),
  };
}
