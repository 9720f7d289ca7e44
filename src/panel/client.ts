// The read-only SMM API v2 client (panel-api.md §0, §7; security.md UP-*). One undici Pool,
// form-encoded POST with the key in the body, per-phase timeouts under one overall deadline,
// bounded jittered retries for reads, a circuit breaker, no redirects, TLS verification on, a
// response size cap, and a key that never leaves this file except on the wire.
import { setTimeout as delay } from 'node:timers/promises';
import type { Dispatcher } from 'undici';
import { AppError } from '../errors.js';
import { createBreaker, type BreakerOptions } from './breaker.js';
import { decodeAnswer } from './decode.js';
import { isPanelError, PanelError, type PanelErrorKind } from './errors.js';
import {
  normaliseBalance, normaliseBatchAnswer, normaliseRefillAnswer, normaliseServices, normaliseStatusAnswer,
} from './normalise.js';
import { backoffMs, parseRetryAfter } from '../outbound/retry.js';
import { isLoopback } from '../outbound/url.js';
import { createScrubber, safeCause, type Scrubber } from './scrub.js';
import { signatureHeaders } from './signing.js';
import type { BreakerState, PanelClient, PanelOrder } from './types.js';

/** The subset of a pino logger the client uses. */
export interface PanelLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface PanelClientOptions {
  /** The API endpoint, e.g. `https://panel.example/api/v2` (http only for loopback). */
  url: string;
  key: string;
  /** Overall deadline per client call, retries included. */
  timeoutMs?: number;
  connectTimeoutMs?: number;
  headersTimeoutMs?: number;
  bodyTimeoutMs?: number;
  /** Extra attempts for read actions after a 5xx, 429 or network failure. */
  retries?: number;
  /** A longer Retry-After than this is not waited for: the call fails as rate limited. */
  maxRetryAfterMs?: number;
  maxResponseBytes?: number;
  connections?: number;
  breaker?: BreakerOptions;
  /** HMAC request signing (seeds/002); the secret defaults to the key. */
  signing?: { enabled: boolean; secret?: string };
  /** For tests (MockAgent); the caller then owns its lifecycle. */
  dispatcher?: Dispatcher;
  log?: PanelLogger;
  /** Called once per finished call (retries included): `ok` or the error kind, and its duration. */
  onCall?: (action: PanelAction, outcome: 'ok' | PanelErrorKind, seconds: number) => void;
  clock?: () => number;
  random?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  userAgent?: string;
}

const MAX_BATCH = 100;
const DEFAULT_TIMEOUT_MS = 5_000;
const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;
const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);
// Failures that say "the panel is not answering properly"; business errors prove it is up.
const BREAKER_KINDS = new Set<PanelErrorKind>([
  'timeout', 'network', 'server_error', 'maintenance', 'cloudflare_challenge', 'rate_limited', 'not_json',
]);
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

export const PANEL_ACTIONS = ['services', 'status', 'refill_status', 'balance'] as const;
export type PanelAction = (typeof PANEL_ACTIONS)[number];
type Action = PanelAction;

function parseEndpoint(url: string): URL {
  let endpoint: URL;
  try {
    endpoint = new URL(url);
  } catch {
    throw new AppError('validation_failed', 'panel URL is not a valid URL');
  }
  // Plain http would put the key on the wire in clear; only the local sandbox may use it.
  if (endpoint.protocol !== 'https:' && !(endpoint.protocol === 'http:' && isLoopback(endpoint))) throw new AppError('validation_failed', 'panel URL must use https');
  if (endpoint.username || endpoint.password) throw new AppError('validation_failed', 'panel URL must not carry credentials');
  return endpoint;
}

function checkId(id: string, what: string): string {
  // IDs go into a form body, never into the URL, but a comma would still split a batch (UP-10).
  if (!ID_PATTERN.test(id)) throw new AppError('validation_failed', `invalid panel ${what} id`);
  return id;
}

/** The first `code` on an error or its causes (undici and Node put it on the cause). */
export function errorCode(err: unknown): string | undefined {
  for (let current: unknown = err, depth = 0; current && depth < 3; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function toPanelError(err: unknown, deadline: AbortSignal, scrub: Scrubber): PanelError {
  if (isPanelError(err)) return err;
  const code = errorCode(err);
  const cause = safeCause(err, scrub);
  if (deadline.aborted || (code !== undefined && TIMEOUT_CODES.has(code))) return new PanelError('timeout', { cause });
  if (code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') return new PanelError('too_large', { cause });
  return new PanelError('network', { cause });
}

async function readCapped(body: Dispatcher.ResponseData['body'], contentLength: string | string[] | undefined, max: number): Promise<string> {
  if (typeof contentLength === 'string' && Number(contentLength) > max) {
    body.destroy();
    throw new PanelError('too_large');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    size += buffer.length;
    if (size > max) {
      body.destroy();
      throw new PanelError('too_large');
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const isRetryable = (error: PanelError): boolean =>
  error.kind === 'network' ||
  (error.kind !== 'cloudflare_challenge' && error.upstreamStatus !== undefined && RETRY_STATUSES.has(error.upstreamStatus));

const defaultSleep = (ms: number, signal: AbortSignal): Promise<void> => delay(ms, undefined, { signal });

export function createPanelClient(opts: PanelClientOptions): PanelClient {
  const endpoint = parseEndpoint(opts.url);
  const { key } = opts;
  const path = `${endpoint.pathname}${endpoint.search}`;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const headersTimeout = opts.headersTimeoutMs ?? timeoutMs;
  const bodyTimeout = opts.bodyTimeoutMs ?? timeoutMs;
  const retries = Math.max(0, opts.retries ?? 2);
  const maxRetryAfterMs = opts.maxRetryAfterMs ?? 3_000;
  const maxBytes = opts.maxResponseBytes ?? DEFAULT_MAX_BYTES;
  const clock = opts.clock ?? Date.now;
  const random = opts.random ?? Math.random;
  const sleep = opts.sleep ?? defaultSleep;
  const log = opts.log;
  const signingSecret = opts.signing?.enabled ? (opts.signing.secret ?? key) : null;
  const scrub = createScrubber(signingSecret ? [key, signingSecret] : [key]);
  const userAgent = opts.userAgent ?? 'Parley/0.1 (support bot)';

  // An injected dispatcher (MockAgent in tests) belongs to the caller; our own Pool is ours to close.
  // undici is imported at the first call, not at start: it is the largest module the server would
  // load (a large share of a cold start), and nothing calls the panel
  // before the server is ready. The import is not held against that call's deadline; one that
  // fails (a broken install) fails the call and is tried again at the next.
  let ownPool: Promise<Dispatcher> | undefined;
  let closed = false;
  const loadPool = (): Promise<Dispatcher> => import('undici').then(({ Pool }) => new Pool(endpoint.origin, {
    connections: opts.connections ?? 8,
    connectTimeout: opts.connectTimeoutMs ?? timeoutMs,
    headersTimeout,
    bodyTimeout,
    maxResponseSize: maxBytes,
    // Explicit, so no environment or later edit can quietly turn verification off (UP-09).
    connect: { rejectUnauthorized: true },
  }), (error: unknown) => {
    ownPool = undefined;
    throw error;
  });
  const refuseIfClosed = (): void => {
    if (closed) throw new Error('the panel client is closed');
  };
  const dispatcher = async (): Promise<Dispatcher> => {
    refuseIfClosed();
    return opts.dispatcher ?? (ownPool ??= loadPool());
  };

  const breaker = createBreaker({
    ...opts.breaker,
    clock,
    onChange: (from, to) => log?.warn({ panel: { breaker: to, from } }, `panel circuit ${to}`),
  });

  async function attempt(pool: Dispatcher, action: Action, fields: Record<string, string>, deadline: AbortSignal): Promise<unknown> {
    const body = new URLSearchParams({ key, action, ...fields }).toString();
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
      'user-agent': userAgent,
    };
    if (signingSecret) {
      const timestampSeconds = Math.floor(clock() / 1000);
      Object.assign(headers, signatureHeaders(key, signingSecret, { method: 'POST', path, body, timestampSeconds }));
    }
    const res = await pool.request({
      origin: endpoint.origin, path, method: 'POST', headers, body, signal: deadline, headersTimeout, bodyTimeout,
    });
    const retryAfterMs = parseRetryAfter(res.headers['retry-after'], clock());
    const contentType = res.headers['content-type'];
    const text = await readCapped(res.body, res.headers['content-length'], maxBytes);
    return decodeAnswer({
      statusCode: res.statusCode,
      contentType: Array.isArray(contentType) ? contentType[0] : contentType,
      text,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    }, scrub);
  }

  /** How long to wait before the next attempt, or `undefined` to give up now. */
  function nextDelay(error: PanelError, attemptNo: number, remainingMs: number): number | undefined {
    if (attemptNo >= retries || !isRetryable(error)) return undefined;
    if (error.retryAfterMs !== undefined && error.retryAfterMs > maxRetryAfterMs) return undefined;
    const wait = error.retryAfterMs ?? backoffMs(attemptNo, random);
    return wait < remainingMs ? wait : undefined;
  }

  async function call(action: Action, fields: Record<string, string> = {}): Promise<unknown> {
    const pool = await dispatcher();
    if (!breaker.tryAcquire()) {
      opts.onCall?.(action, 'breaker_open', 0);
      throw new PanelError('breaker_open');
    }
    const started = clock();
    const deadline = AbortSignal.timeout(timeoutMs);
    for (let attemptNo = 0; ; attemptNo += 1) {
      try {
        const value = await attempt(pool, action, fields, deadline);
        breaker.recordSuccess();
        opts.onCall?.(action, 'ok', (clock() - started) / 1000);
        return value;
      } catch (err) {
        // Closed while this call was under way (a shutdown during a rules refresh): no next attempt
        // on the closed pool, and nothing to report about the panel.
        refuseIfClosed();
        const error = toPanelError(err, deadline, scrub);
        const wait = nextDelay(error, attemptNo, timeoutMs - (clock() - started));
        if (wait === undefined) {
          if (BREAKER_KINDS.has(error.kind)) breaker.recordFailure();
          else breaker.recordSuccess();
          report(action, error, attemptNo + 1, clock() - started);
          throw error;
        }
        log?.debug({ panel: { action, kind: error.kind, attempt: attemptNo + 1, waitMs: wait } }, 'panel call retrying');
        try {
          await sleep(wait, deadline);
        } catch (sleepErr) {
          breaker.recordFailure();
          const timeout = toPanelError(sleepErr, deadline, scrub);
          report(action, timeout, attemptNo + 1, clock() - started);
          throw timeout;
        }
        refuseIfClosed();
      }
    }
  }

  function report(action: Action, error: PanelError, attempts: number, durationMs: number): void {
    opts.onCall?.(action, error.kind, durationMs / 1000);
    const entry = {
      panel: {
        action, kind: error.kind, code: error.code, attempts, durationMs,
        upstreamStatus: error.upstreamStatus, upstream: error.upstreamText,
      },
    };
    // "Not found" is an ordinary answer, not an incident.
    if (error.kind === 'order_not_found' || error.kind === 'refill_not_found') log?.debug(entry, 'panel said not found');
    else log?.warn(entry, 'panel call failed');
  }

  const nullIfKind = async <T>(promise: Promise<T>, kinds: readonly PanelErrorKind[]): Promise<T | null> => {
    try {
      return await promise;
    } catch (err) {
      if (isPanelError(err) && kinds.includes(err.kind)) return null;
      throw err;
    }
  };

  async function statusBatch(ids: readonly string[]): Promise<Map<string, PanelOrder | null>> {
    const answer = await nullIfKind(call('status', { orders: ids.join(',') }), ['order_not_found']);
    // "Invalid Order Ids" for the whole call (a Laravel clone, §1.3) means none of them exist.
    if (answer === null) return new Map(ids.map((id) => [id, null]));
    return normaliseBatchAnswer(ids, answer);
  }

  return {
    async services() {
      const { services, skipped } = normaliseServices(await call('services'));
      if (skipped > 0) log?.warn({ panel: { action: 'services', skipped } }, 'panel services skipped unreadable items');
      return services;
    },
    async status(orderId) {
      const id = checkId(orderId, 'order');
      const answer = await nullIfKind(call('status', { order: id }), ['order_not_found']);
      return answer === null ? null : normaliseStatusAnswer(id, answer);
    },
    async statuses(orderIds) {
      const ids = [...new Set(orderIds.map((id) => checkId(id, 'order')))];
      const result = new Map<string, PanelOrder | null>();
      // Sequential on purpose: a panel that rate-limits should see one request at a time from us.
      for (let i = 0; i < ids.length; i += MAX_BATCH) {
        for (const [id, order] of await statusBatch(ids.slice(i, i + MAX_BATCH))) result.set(id, order);
      }
      return result;
    },
    async refillStatus(refillId) {
      const id = checkId(refillId, 'refill');
      const answer = await nullIfKind(call('refill_status', { refill: id }), ['refill_not_found', 'order_not_found']);
      return answer === null ? null : normaliseRefillAnswer(id, answer);
    },
    async balance() {
      return normaliseBalance(await call('balance'));
    },
    breakerState(): BreakerState {
      return breaker.state();
    },
    async close() {
      closed = true;
      await ownPool?.then((pool) => pool.close(), () => undefined); // none, or one that never loaded: nothing to close
    },
  };
}
