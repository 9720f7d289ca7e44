// The Telegram Bot API client: POST {base}/bot{token}/{method} with a JSON body, on one undici
// Pool. undici rather than grammY: the calls Parley makes are five, and with undici the timeouts,
// the retries (429 honouring `parameters.retry_after`, 5xx and network failures with jittered
// back-off), the response size cap and the token's scrubbing are this file's, as in the panel
// client (panel/client.ts), with no second HTTP stack or retry policy to configure around.
// The token is in every URL: it is scrubbed from every error message (panel/scrub.ts) and never
// logged; the URL itself is never put in an error or a log line.
import { setTimeout as delay } from 'node:timers/promises';
import type { Dispatcher } from 'undici';
import { backoffMs } from '../../outbound/retry.js';
import { createScrubber, safeCause, snippet } from '../../panel/scrub.js';

export const TELEGRAM_METHODS = ['getUpdates', 'sendMessage', 'deleteMessage', 'deleteWebhook', 'getMe'] as const;
export type TelegramMethod = (typeof TELEGRAM_METHODS)[number];

/** Why a call failed: `refused` (a 4xx other than 409/429) is the request's fault and never retried. */
export type TelegramErrorKind = 'rate_limited' | 'server_error' | 'network' | 'timeout' | 'conflict' | 'refused' | 'bad_answer';
export type TelegramOutcome = 'ok' | 'retry' | TelegramErrorKind;

export class TelegramError extends Error {
  constructor(readonly kind: TelegramErrorKind, message: string, readonly details: { status?: number; retryAfterMs?: number; cause?: Error } = {}) {
    super(message, details.cause ? { cause: details.cause } : undefined);
    this.name = 'TelegramError';
  }
}

export interface TelegramClientOptions {
  /** TELEGRAM_API_BASE_URL (checked by config.ts): `https://api.telegram.org`, or a local stand-in. */
  baseUrl: string;
  token: string;
  /** Per attempt; a long poll adds its own `timeout` to it. */
  timeoutMs?: number;
  /** Extra attempts after a 429, a 5xx or a network failure. */
  retries?: number;
  /** A longer `retry_after` than this is not waited for: the call fails as rate limited (the caller tries later). */
  maxRetryAfterMs?: number;
  maxResponseBytes?: number;
  /** Told once per attempt's outcome (`retry` when another attempt follows). */
  onCall?: (method: TelegramMethod, outcome: TelegramOutcome) => void;
  /** For tests: waits without wall-clock time, and jitter without randomness. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  dispatcher?: Dispatcher;
}

export interface TelegramClient {
  call<T>(method: TelegramMethod, params: Record<string, unknown>, options?: { signal?: AbortSignal; longPollSeconds?: number }): Promise<T>;
  close(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;

interface Answer {
  ok?: unknown;
  result?: unknown;
  error_code?: unknown;
  description?: unknown;
  parameters?: { retry_after?: unknown };
}

export function createTelegramClient(options: TelegramClientOptions): TelegramClient {
  const base = new URL(options.baseUrl);
  const prefix = `${base.pathname.replace(/\/+$/, '')}/bot${options.token}/`;
  const scrub = createScrubber([options.token]);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const retries = options.retries ?? 4;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_BYTES;
  const sleep = options.sleep ?? ((ms: number, signal?: AbortSignal) => delay(ms, undefined, signal ? { signal } : {}));
  const random = options.random ?? Math.random;
  let pool: Promise<Dispatcher> | undefined;
  const dispatcher = (): Promise<Dispatcher> => options.dispatcher
    ? Promise.resolve(options.dispatcher)
    : (pool ??= import('undici').then(({ Pool }) => new Pool(base.origin, { connections: 4, maxResponseSize: maxBytes, connect: { rejectUnauthorized: true } })));

  async function attempt(method: TelegramMethod, body: string, signal: AbortSignal): Promise<unknown> {
    let res: Dispatcher.ResponseData;
    try {
      res = await (await dispatcher()).request({
        origin: base.origin, path: `${prefix}${method}`, method: 'POST', signal,
        headers: { 'content-type': 'application/json', accept: 'application/json' }, body,
      });
    } catch (err) {
      const cause = safeCause(err, scrub);
      throw new TelegramError(signal.aborted ? 'timeout' : 'network', `Telegram ${method}: ${cause.message}`, { cause });
    }
    let answer: Answer;
    try {
      answer = JSON.parse(await res.body.text()) as Answer;
    } catch (err) {
      throw new TelegramError(res.statusCode >= 500 ? 'server_error' : 'bad_answer', `Telegram ${method}: HTTP ${res.statusCode}, not JSON`, { status: res.statusCode, cause: safeCause(err, scrub) });
    }
    if (res.statusCode === 200 && answer.ok === true) return answer.result;
    const status = typeof answer.error_code === 'number' ? answer.error_code : res.statusCode;
    const text = `Telegram ${method}: ${status} ${snippet(String(answer.description ?? ''), scrub)}`;
    const retryAfter = answer.parameters?.retry_after;
    if (status === 429) throw new TelegramError('rate_limited', text, { status, retryAfterMs: typeof retryAfter === 'number' ? retryAfter * 1000 : 1000 });
    if (status >= 500) throw new TelegramError('server_error', text, { status });
    if (status === 409) throw new TelegramError('conflict', text, { status });
    throw new TelegramError('refused', text, { status });
  }

  const retryable = (e: TelegramError) => e.kind === 'rate_limited' || e.kind === 'server_error' || e.kind === 'network' || e.kind === 'timeout';

  return {
    async call<T>(method: TelegramMethod, params: Record<string, unknown>, callOptions: { signal?: AbortSignal; longPollSeconds?: number } = {}): Promise<T> {
      const body = JSON.stringify(params);
      for (let attemptNo = 0; ; attemptNo++) {
        const perAttempt = AbortSignal.timeout(timeoutMs + (callOptions.longPollSeconds ?? 0) * 1000);
        const signal = callOptions.signal ? AbortSignal.any([callOptions.signal, perAttempt]) : perAttempt;
        try {
          const result = await attempt(method, body, signal);
          options.onCall?.(method, 'ok');
          return result as T;
        } catch (err) {
          const error = err instanceof TelegramError ? err : new TelegramError('network', `Telegram ${method}: ${safeCause(err, scrub).message}`);
          const wait = error.details.retryAfterMs ?? backoffMs(attemptNo, random, 500, 30_000);
          const stopped = callOptions.signal?.aborted === true;
          if (stopped || !retryable(error) || attemptNo >= retries || wait > maxRetryAfterMs) {
            options.onCall?.(method, error.kind);
            throw error;
          }
          options.onCall?.(method, 'retry');
          await sleep(wait, callOptions.signal);
        }
      }
    },
    async close() {
      await pool?.then((p) => p.close(), () => undefined);
    },
  };
}
