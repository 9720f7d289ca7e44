// Optional request signing for panels that ask for it (seeds/002): X-Timestamp in Unix seconds and
// X-Signature = hex HMAC-SHA256 over METHOD + path + body + timestamp, in that exact order. The SMM
// API v2 itself has no signing (panel-api.md §6), so this stays off unless configured.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_TOLERANCE_SECONDS = 300;

export interface SignInput {
  method: string;
  /** Path as sent on the request line, e.g. `/api/v2`. */
  path: string;
  /** The exact body bytes sent; re-serialising would break the signature. */
  body: string;
  timestampSeconds: number;
}

export function computeSignature(secret: string, input: SignInput): string {
  const payload = `${input.method.toUpperCase()}${input.path}${input.body}${input.timestampSeconds}`;
  return createHmac('sha256', secret).update(payload, 'utf8').digest('hex');
}

export function signatureHeaders(key: string, secret: string, input: SignInput): Record<string, string> {
  return {
    'x-api-key': key,
    'x-timestamp': String(input.timestampSeconds),
    'x-signature': computeSignature(secret, input),
  };
}

export interface VerifyInput extends Omit<SignInput, 'timestampSeconds'> {
  timestamp: string | undefined;
  signature: string | undefined;
  nowSeconds: number;
}

/** Constant-time check with a length guard and a ±300 s window (used by the sandbox). */
export function verifySignature(secret: string, input: VerifyInput): boolean {
  const { timestamp, signature } = input;
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  const timestampSeconds = Number(timestamp);
  if (Math.abs(input.nowSeconds - timestampSeconds) > SIGNATURE_TOLERANCE_SECONDS) return false;
  const expected = Buffer.from(computeSignature(secret, { ...input, timestampSeconds }), 'utf8');
  const given = Buffer.from(signature.toLowerCase(), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
