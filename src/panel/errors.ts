// Panel failures as stable kinds (panel-api.md §3.2). The upstream wording is untrusted (it may
// carry prompt injection or echo our key), so it never becomes a message: it survives only as a
// scrubbed, truncated, non-enumerable diagnostic for agents and logs.
import { STATUS_CODES } from 'node:http';
import { AppError, type ErrorCode } from '../errors.js';

export const PANEL_ERROR_KINDS = [
  // business answers from a panel that is up
  'invalid_key', 'ip_not_allowed', 'not_enough_funds', 'order_not_found', 'refill_not_found',
  'not_eligible', 'duplicate_order', 'invalid_request', 'rate_limited', 'maintenance', 'unknown',
  // transport and shape problems seen from our side
  'timeout', 'network', 'server_error', 'cloudflare_challenge', 'not_json', 'bad_shape', 'redirect',
  'too_large', 'breaker_open',
] as const;
export type PanelErrorKind = (typeof PANEL_ERROR_KINDS)[number];

const CODE_BY_KIND: Record<PanelErrorKind, ErrorCode> = {
  invalid_key: 'panel_auth',
  ip_not_allowed: 'panel_auth',
  not_enough_funds: 'panel_rejected',
  order_not_found: 'panel_rejected',
  refill_not_found: 'panel_rejected',
  not_eligible: 'panel_rejected',
  duplicate_order: 'panel_rejected',
  invalid_request: 'panel_rejected',
  unknown: 'panel_rejected',
  rate_limited: 'panel_rate_limited',
  maintenance: 'panel_unavailable',
  network: 'panel_unavailable',
  server_error: 'panel_unavailable',
  cloudflare_challenge: 'panel_unavailable',
  breaker_open: 'panel_unavailable',
  timeout: 'panel_timeout',
  not_json: 'panel_bad_response',
  bad_shape: 'panel_bad_response',
  redirect: 'panel_bad_response',
  too_large: 'panel_bad_response',
};

// Our own words, safe to log and to show an agent. Visitors get reply templates, never these.
const MESSAGE_BY_KIND: Record<PanelErrorKind, string> = {
  invalid_key: 'panel refused the API key',
  ip_not_allowed: 'panel refused our IP address',
  not_enough_funds: 'panel reports insufficient upstream funds',
  order_not_found: 'panel does not know this order',
  refill_not_found: 'panel does not know this refill',
  not_eligible: 'panel says the order is not eligible',
  duplicate_order: 'panel reports an active order for this link',
  invalid_request: 'panel rejected the request as invalid',
  rate_limited: 'panel is rate limiting us',
  maintenance: 'panel is temporarily unavailable',
  unknown: 'panel returned an unrecognised error',
  timeout: 'panel did not answer in time',
  network: 'panel could not be reached',
  server_error: 'panel answered with a server error',
  cloudflare_challenge: 'panel is behind a bot challenge page',
  not_json: 'panel answered with something that is not JSON',
  bad_shape: 'panel answered with an unexpected shape',
  redirect: 'panel answered with a redirect, which is not followed',
  too_large: 'panel answer exceeded the size cap',
  breaker_open: 'panel calls are paused after repeated failures',
};

export const panelErrorCode = (kind: PanelErrorKind): ErrorCode => CODE_BY_KIND[kind];

export interface PanelErrorDetails {
  /** The panel's HTTP status, when there was one. */
  upstreamStatus?: number;
  /** Milliseconds the panel asked us to wait (Retry-After). */
  retryAfterMs?: number;
  /** Upstream text, already scrubbed of secrets; kept non-enumerable. */
  upstreamText?: string;
  cause?: unknown;
}

export class PanelError extends AppError {
  readonly kind: PanelErrorKind;
  readonly upstreamStatus: number | undefined;
  readonly retryAfterMs: number | undefined;
  declare readonly upstreamText: string | undefined;

  constructor(kind: PanelErrorKind, details: PanelErrorDetails = {}) {
    super(panelErrorCode(kind), MESSAGE_BY_KIND[kind], details.cause === undefined ? {} : { cause: details.cause });
    this.kind = kind;
    this.upstreamStatus = details.upstreamStatus;
    this.retryAfterMs = details.retryAfterMs;
    // Non-enumerable so JSON.stringify, pino's err serializer and util.inspect leave it out.
    Object.defineProperty(this, 'upstreamText', { value: details.upstreamText, enumerable: false, writable: false });
  }
}

export const isPanelError = (err: unknown): err is PanelError => err instanceof PanelError;

// Ordered: the first match wins. Messages are lowercased with `_` and `.` turned into spaces so raw
// i18n keys (`neworder.error.not_enough_funds`) classify like the sentences they stand for.
const RULES: ReadonlyArray<readonly [PanelErrorKind, RegExp]> = [
  ['rate_limited', /too many|rate limit|throttl/],
  ['ip_not_allowed', /\bip\b.*\b(not allowed|not whitelisted|denied|blocked|forbidden)|whitelist/],
  ['invalid_key', /api key|\bkey\b.*invalid|invalid.*\bkey\b|not active|user not found|api is disable|unauthori[sz]ed|authenticat/],
  ['not_enough_funds', /funds|balance/],
  ['duplicate_order', /active order|link duplicate|duplicate/],
  ['refill_not_found', /refill.*not found|incorrect refill|invalid refill/],
  ['not_eligible', /not eligible|cannot cancel|can ?not be (refilled|canceled|cancelled)/],
  ['order_not_found', /incorrect order|invalid order|order.*not found|order.*does not exist/],
  ['maintenance', /maintenance|temporarily|try again later|service unavailable/],
  ['invalid_request', /quantity|link|service|parameter|required|runs|interval|action|incorrect request|invalid request|method not allowed|maximum \d+/],
];

const normaliseMessage = (text: string): string => text.toLowerCase().replace(/[_.]+/g, ' ');

/** Classifies an upstream error text and/or HTTP status (§3.2); the text wins unless the status is 429. */
export function classifyPanelError(input: { message?: string | null; httpStatus?: number | null }): PanelErrorKind {
  const status = input.httpStatus ?? 0;
  if (status === 429) return 'rate_limited';
  // A bare reason phrase ("Payment Required") says no more than the status itself.
  const phrase = STATUS_CODES[status]?.toLowerCase();
  const message = input.message && input.message.trim().toLowerCase() !== phrase ? normaliseMessage(input.message) : '';
  for (const [kind, pattern] of RULES) if (message && pattern.test(message)) return kind;
  if (status === 401) return 'invalid_key';
  if (status === 402) return 'not_enough_funds';
  if (status === 403) return 'ip_not_allowed';
  if (status === 503) return 'maintenance';
  if (status >= 500) return 'server_error';
  if (status >= 400) return 'invalid_request';
  return 'unknown';
}
