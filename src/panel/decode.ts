// Text-first decoding of a panel answer (panel-api.md §3.1, §4.3, §4.4): read the body as text,
// recognise HTML and challenge pages, parse JSON leniently, and turn both error channels (HTTP
// status and an `error` field) into one typed PanelError.
import { classifyPanelError, PanelError, type PanelErrorKind } from './errors.js';
import { snippet, type Scrubber } from './scrub.js';

export interface RawAnswer {
  statusCode: number;
  contentType: string | undefined;
  text: string;
  /** From Retry-After, carried on the thrown error so the retry loop can honour it. */
  retryAfterMs?: number;
}

const CHALLENGE = /just a moment|attention required|cf-ray|cf-chl|cloudflare|ddos-guard|captcha/i;
const ENVELOPE_META = new Set(['success', 'status', 'message', 'error', 'code']);

type JsonResult = { ok: true; value: unknown } | { ok: false };

function parseJson(text: string): JsonResult {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** PHP notices printed before the JSON are common; retry from the first line that opens JSON. */
function parseLenient(text: string): JsonResult {
  const direct = parseJson(text);
  if (direct.ok) return direct;
  const start = text.search(/^[[{]/m);
  return start > 0 ? parseJson(text.slice(start)) : direct;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The error text of a top-level error body, in any of the shapes clones use; `null` if none. */
export function topLevelError(value: unknown): string | null {
  if (!isRecord(value)) return null;
  const { error, success, message } = value;
  if (typeof error === 'string' && error.trim() !== '') return error;
  if (isRecord(error) && typeof error.message === 'string') return error.message;
  if (success === false) return typeof message === 'string' && message.trim() !== '' ? message : 'request failed';
  return null;
}

/** `{data, success, message, error, code}` envelopes (one Spring rewrite, §0) unwrap to `data`. */
function unwrapEnvelope(value: unknown): unknown {
  if (!isRecord(value) || !('data' in value)) return value;
  const data = value.data;
  const onlyMeta = Object.keys(value).every((key) => key === 'data' || ENVELOPE_META.has(key));
  return onlyMeta && typeof data === 'object' && data !== null ? data : value;
}

function failNonJson(answer: RawAnswer, text: string, scrub: Scrubber): never {
  const { statusCode } = answer;
  let kind: PanelErrorKind = 'not_json';
  if (CHALLENGE.test(text)) kind = 'cloudflare_challenge';
  else if (/maintenance/i.test(text)) kind = 'maintenance';
  else if (statusCode === 429) kind = 'rate_limited';
  else if (statusCode >= 500) kind = 'server_error';
  const retry = answer.retryAfterMs === undefined ? {} : { retryAfterMs: answer.retryAfterMs };
  throw new PanelError(kind, { upstreamStatus: statusCode, upstreamText: snippet(text, scrub), ...retry });
}

/** Returns the JSON payload of a successful answer, or throws a classified PanelError. */
export function decodeAnswer(answer: RawAnswer, scrub: Scrubber): unknown {
  const { statusCode } = answer;
  if (statusCode >= 300 && statusCode < 400) throw new PanelError('redirect', { upstreamStatus: statusCode });
  const text = answer.text.replace(/^\uFEFF/, '').trim();
  // No content-type gating: PHP notices arrive as text/html with the JSON after them.
  const parsed = text === '' ? ({ ok: false } as const) : parseLenient(text);
  if (!parsed.ok) failNonJson(answer, text, scrub);
  const message = topLevelError(parsed.value);
  if (message !== null || statusCode >= 400) {
    const fallback = isRecord(parsed.value) && typeof parsed.value.message === 'string' ? parsed.value.message : null;
    const upstream = message ?? fallback;
    const kind = classifyPanelError({ message: upstream, httpStatus: statusCode });
    throw new PanelError(kind, {
      upstreamStatus: statusCode,
      ...(upstream ? { upstreamText: snippet(upstream, scrub) } : {}),
      ...(answer.retryAfterMs === undefined ? {} : { retryAfterMs: answer.retryAfterMs }),
    });
  }
  return unwrapEnvelope(parsed.value);
}
