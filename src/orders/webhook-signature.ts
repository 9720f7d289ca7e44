// Panel webhook signatures, Stripe-style (security.md §1.2, §4):
//   Parley-Signature: t=<unix seconds>,v1=<64 hex>[,v1=<64 hex>]
//   v1 = hex(HMAC-SHA256(secret, "<t>." + raw body bytes))
// Any v1 may match any active secret (rotation); other schemes are ignored (no downgrade);
// |now − t| ≤ 300 s in both directions. Pure: the caller passes the clock's time.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'parley-signature';
export const TOLERANCE_SECONDS = 300;
const MAX_HEADER_LENGTH = 1024;
const MAX_SIGNATURES = 8;

export type SignatureFailure = 'missing' | 'malformed' | 'no_v1' | 'stale' | 'future' | 'mismatch';
export type SignatureCheck = { ok: true; timestamp: number } | { ok: false; reason: SignatureFailure };

export function signPayload(secret: string, timestamp: number, body: Buffer | string): string {
  return createHmac('sha256', secret).update(`${timestamp}.`, 'utf8').update(body).digest('hex');
}

/** A header value for tests and for the docs' worked example. */
export const signatureHeader = (secrets: readonly string[], timestamp: number, body: Buffer | string): string =>
  [`t=${timestamp}`, ...secrets.map((s) => `v1=${signPayload(s, timestamp, body)}`)].join(',');

/** The headers of a signed JSON request Parley sends (the ownership endpoint, overdue alerts): the panel webhooks' scheme. */
export const signedJsonHeaders = (secret: string, timestamp: number, body: string): Record<string, string> =>
  ({ 'content-type': 'application/json', [SIGNATURE_HEADER]: signatureHeader([secret], timestamp, body) });

interface ParsedHeader {
  timestamp: number;
  v1: Buffer[];
}

function parseHeader(header: string): ParsedHeader | SignatureFailure {
  if (header.length > MAX_HEADER_LENGTH) return 'malformed';
  let timestamp: number | null = null;
  const v1: Buffer[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return 'malformed';
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      // A plain base-10 integer only: no sign, exponent, fraction or blank; and only one `t`.
      if (timestamp !== null || !/^\d{1,12}$/.test(value)) return 'malformed';
      timestamp = Number(value);
    } else if (key === 'v1') {
      if (!/^[0-9a-f]{64}$/i.test(value)) return 'malformed';
      if (v1.length >= MAX_SIGNATURES) return 'malformed';
      v1.push(Buffer.from(value, 'hex'));
    }
    // Any other scheme (v0, v2, …) is ignored, so a downgrade finds nothing to match.
  }
  if (timestamp === null) return 'malformed';
  if (v1.length === 0) return 'no_v1';
  return { timestamp, v1 };
}

export function verifySignature(input: { header: string | undefined; body: Buffer; secrets: readonly string[]; nowSeconds: number }): SignatureCheck {
  if (!input.header) return { ok: false, reason: 'missing' };
  const parsed = parseHeader(input.header);
  if (typeof parsed === 'string') return { ok: false, reason: parsed };
  const age = input.nowSeconds - parsed.timestamp;
  if (age > TOLERANCE_SECONDS) return { ok: false, reason: 'stale' };
  if (-age > TOLERANCE_SECONDS) return { ok: false, reason: 'future' };
  // Every secret against every signature, without stopping early: the time spent says nothing.
  let matched = false;
  for (const secret of input.secrets) {
    const expected = Buffer.from(signPayload(secret, parsed.timestamp, input.body), 'hex');
    for (const presented of parsed.v1) {
      if (presented.length === expected.length && timingSafeEqual(presented, expected)) matched = true;
    }
  }
  return matched ? { ok: true, timestamp: parsed.timestamp } : { ok: false, reason: 'mismatch' };
}
