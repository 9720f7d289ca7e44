// Retry timing for outgoing calls (the panel, the Bot API, the shop, Chatwoot): exponential backoff with jitter, or exactly what Retry-After asks.

/** Milliseconds from a Retry-After header (delta-seconds or HTTP date); `undefined` if absent or junk. */
export function parseRetryAfter(header: string | string[] | undefined, nowMs: number): number | undefined {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** "Equal jitter": half the exponential step fixed, half random, so clients never retry in lockstep. */
export function backoffMs(attempt: number, random: () => number, baseMs = 100, maxMs = 2_000): number {
  const step = Math.min(maxMs, baseMs * 2 ** attempt);
  return Math.round(step / 2 + random() * (step / 2));
}
