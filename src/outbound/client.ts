// One HTTP client for outgoing calls to the shop (the export download, the ownership endpoint, the
// overdue-handoff alerts) and the Chatwoot channel's calls: an overall deadline plus undici's per-phase
// timeouts, bounded jittered retries after a network failure or a 429/502/503/504 (the shop's reads
// are safe to repeat; a Chatwoot message or an alert retried after a lost answer may arrive twice,
// which their receivers accept), a response size cap, no redirects, TLS verification on. It never logs; the caller
// reports the error kind.
import { setTimeout as delay } from 'node:timers/promises';
import type { Dispatcher } from 'undici';
import { backoffMs } from './retry.js';
import { httpsUnlessLoopback } from './url.js';

export type OutboundFailure = 'timeout' | 'network' | 'too_large' | 'status';

export class OutboundError extends Error {
  constructor(readonly kind: OutboundFailure, readonly status?: number, options?: ErrorOptions) {
    super(status === undefined ? kind : `${kind} ${status}`, options);
    this.name = 'OutboundError';
  }
}

export interface OutboundOptions {
  url: string;
  /** Overall deadline per call, retries included. */
  timeoutMs: number;
  retries: number;
  maxBytes: number;
  random?: () => number;
}

export interface OutboundRequest {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  /** Another path on the URL's origin (a client of one API with several endpoints: Chatwoot's); default the URL's own. */
  path?: string;
}

export interface OutboundResponse {
  status: number;
  contentType: string;
  text: string;
}

export interface Outbound {
  /** Resolves with any 2xx answer; throws `OutboundError` for the rest (`timeout` also when `stop` aborts). */
  send(request: OutboundRequest, stop?: AbortSignal): Promise<OutboundResponse>;
  close(): Promise<void>;
}

const RETRY_STATUSES = new Set([429, 502, 503, 504]);
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

function toOutboundError(err: unknown, deadline: AbortSignal): OutboundError {
  if (err instanceof OutboundError) return err;
  // undici's request() rejects with its own error, the code on it (UND_ERR_*, or ECONNREFUSED…).
  const code = (err as { code?: unknown } | null)?.code;
  if (deadline.aborted || (typeof code === 'string' && TIMEOUT_CODES.has(code))) return new OutboundError('timeout', undefined, { cause: code });
  if (code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') return new OutboundError('too_large');
  return new OutboundError('network', undefined, { cause: code });
}

export function createOutbound(opts: OutboundOptions): Outbound {
  const url = new URL(opts.url);
  // The URLs come from the operator's environment (config.ts checks them too), never from a visitor.
  if (!/^https?:$/.test(url.protocol) || !httpsUnlessLoopback(opts.url) || url.username || url.password) {
    throw new Error('an https URL (plain http only to this machine), without credentials');
  }
  const random = opts.random ?? Math.random;
  // undici is loaded at the first call, as the panel client does: nothing calls out before the server is ready.
  let pool: Promise<Dispatcher> | undefined;
  let closed = false;
  const dispatcher = () => {
    if (closed) throw new OutboundError('network', undefined, { cause: 'closed' });
    return (pool ??= loadPool());
  };
  const loadPool = () => import('undici').then(({ Pool }) => new Pool(url.origin, {
    connections: 4,
    connectTimeout: opts.timeoutMs,
    headersTimeout: opts.timeoutMs,
    bodyTimeout: opts.timeoutMs,
    maxResponseSize: opts.maxBytes,
    connect: { rejectUnauthorized: true },
  }));

  async function attempt(request: OutboundRequest, deadline: AbortSignal): Promise<OutboundResponse> {
    const res = await (await dispatcher()).request({
      origin: url.origin, path: request.path ?? `${url.pathname}${url.search}`, method: request.method, headers: request.headers, body: request.body ?? null, signal: deadline,
    });
    const length = Number(res.headers['content-length']);
    if (length > opts.maxBytes) {
      res.body.destroy();
      throw new OutboundError('too_large');
    }
    if (res.statusCode < 200 || res.statusCode > 299) {
      await res.body.dump();
      throw new OutboundError('status', res.statusCode);
    }
    const type = res.headers['content-type'];
    return { status: res.statusCode, contentType: (Array.isArray(type) ? type[0] : type) ?? '', text: await res.body.text() };
  }

  return {
    async send(request, stop) {
      const deadline = stop ? AbortSignal.any([AbortSignal.timeout(opts.timeoutMs), stop]) : AbortSignal.timeout(opts.timeoutMs);
      for (let attemptNo = 0; ; attemptNo += 1) {
        try {
          return await attempt(request, deadline);
        } catch (err) {
          const error = toOutboundError(err, deadline);
          const retryable = error.kind === 'network' || (error.status !== undefined && RETRY_STATUSES.has(error.status));
          if (!retryable || attemptNo >= opts.retries) throw error;
          try {
            await delay(backoffMs(attemptNo, random), undefined, { signal: deadline });
          } catch {
            throw new OutboundError('timeout');
          }
        }
      }
    },
    async close() {
      closed = true;
      const open = pool;
      pool = undefined;
      await open?.then((p) => p.close(), () => undefined);
    },
  };
}
