import type { Redaction, SecretType } from './vocabulary.js';
import { findEmails } from './entities/email.js';
import { findLinks } from './entities/link.js';
import { findPaymentReferences } from './entities/payment-reference.js';
import { overlaps, type Span } from './entities/span.js';
import { clampText } from './limits.js';
import { passesLuhn } from './luhn.js';

export const REDACTED = '[redacted]';

interface Secret extends Span {
  type: SecretType;
}

// "api key is X", "key=X", "token: X", "apikey X". Values must look machine-made (≥ 12 chars,
// letters and digits) so "my key is not working" stays intact.
const KEY_AFTER_WORD =
  /\b(?:api[\s_-]?key|apikey|api[\s_-]?token|access[\s_-]?token|secret[\s_-]?key|secret|token|key)\s*(?:is|was|=|:|->|=>)?\s*["'`]?((?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{12,128})/gi;
// Provider secret keys (Stripe sk_/rk_) are keys whatever surrounds them.
const PROVIDER_KEY = /(?<![\w-])(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,}(?![\w-])/g;
// A long token of letters and digits on its own: 32+ hex, or 24+ mixed base62.
const BARE_TOKEN = /(?<![\w-])(?=[A-Za-z0-9]*\d)(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{24,128}(?![\w-])/g;
// "my password is X", "pass: X", "pwd=X", "password - X".
const PASSWORD =
  /\b(?:password|passwd|passcode|pass|pwd|pw)\s*(?:is|was|=|:|-)\s*["'`]?([^\s"'`]{3,64})/gi;
// Card numbers: 13–19 digits, optionally in groups separated by spaces or dashes.
const CARD = /(?<![\w+.-])\d(?:[ -]?\d){12,18}(?![\w.-]*\d)/g;

// Words that follow "password is" in ordinary complaints ("my password is not working").
const NOT_A_PASSWORD = new Set([
  'not', 'wrong', 'incorrect', 'invalid', 'correct', 'right', 'too', 'very', 'still', 'being', 'the', 'a', 'an', 'my',
  'same', 'different', 'short', 'long', 'weak', 'strong', 'ok', 'okay', 'fine', 'working', 'broken', 'reset', 'changed',
  'gone', 'lost', 'forgotten', 'required', 'needed', 'rejected', 'blocked', 'locked', 'empty', 'missing', 'hidden',
  'saved', 'stored', 'in', 'on', 'for', 'that', 'this', 'it', 'what', 'unknown', 'there', 'like', 'also', 'now',
  'definitely', 'accepted', 'expired', 'case', 'sensitive', 'no', 'never', 'always', 'just', 'only', 'updated', 'new',
  'old', 'weird', 'strange', 'fine.', 'reset.', 'failing', 'failed', 'denied', 'asked', 'requested', 'sent', 'did',
  'does', "doesn't", "isn't", "wasn't", 'which', 'where', 'how', 'why', 'when', 'and', 'or', 'but', 'so', 'if', 'i',
  'you', 'we', 'they', 'he', 'she', 'your', 'our', 'their', 'his', 'her', 'its', 'showing', 'shown', 'displayed',
  'protected', 'secure', 'safe', 'compromised', 'leaked', 'stolen', 'hacked', 'set', 'mandatory', 'optional',
  'manager', 'field', 'reset?', 'link', 'email', 'mail', 'page', 'form', 'screen', 'button', 'option', 'change',
  'recovery', 'at', 'to', 'of', 'with', 'by', 'from', 'using', 'via', 'please', 'help', 'again', 'anymore', 'all',
]);

function looksLikeTransactionHash(text: string, s: Span, token: string): boolean {
  if (/^[0-9a-f]{64}$/i.test(token)) {
    // A 64-hex value is a payment hash unless the writer calls it a key.
    const before = text.slice(Math.max(0, s.start - 24), s.start).toLowerCase();
    return !/\b(?:key|token|secret)\b[^a-z]*$/.test(before);
  }
  return false;
}

function findSecrets(text: string): Secret[] {
  const found: Secret[] = [];
  const add = (type: SecretType, start: number, end: number): void => {
    const s = { type, start, end };
    if (!overlaps(s, found)) found.push(s);
  };
  const emails = findEmails(text);
  const payments = findPaymentReferences(text, emails);
  // Long digit runs and ids inside URLs (TikTok video ids, Drive ids) are addresses, not secrets;
  // only an explicit key=… parameter inside a URL is.
  const links = findLinks(text, emails);

  for (const m of text.matchAll(PROVIDER_KEY)) if (m.index !== undefined) add('api_key', m.index, m.index + m[0].length);
  for (const m of text.matchAll(KEY_AFTER_WORD)) {
    const value = m[1];
    if (value === undefined || m.index === undefined) continue;
    const start = m.index + m[0].length - value.length;
    add('api_key', start, start + value.length);
  }
  for (const m of text.matchAll(PASSWORD)) {
    const value = m[1]?.replace(/[.,;:)]+$/, '');
    if (value === undefined || m.index === undefined || value.length < 3) continue;
    if (NOT_A_PASSWORD.has(value.toLowerCase()) || value === REDACTED) continue;
    const start = m.index + m[0].lastIndexOf(m[1] ?? '');
    add('password', start, start + value.length);
  }
  for (const m of text.matchAll(CARD)) {
    if (m.index === undefined) continue;
    const digits = m[0].replace(/[ -]/g, '');
    if (digits.length >= 13 && digits.length <= 19 && passesLuhn(digits) && !overlaps({ start: m.index, end: m.index + m[0].length }, [...payments, ...links])) {
      add('card_number', m.index, m.index + m[0].length);
    }
  }
  for (const m of text.matchAll(BARE_TOKEN)) {
    if (m.index === undefined) continue;
    const s = { start: m.index, end: m.index + m[0].length };
    if (overlaps(s, emails) || overlaps(s, links) || looksLikeTransactionHash(text, s, m[0])) continue;
    // Payment references (PayPal, Stripe ids, "txid …") keep their shape; pure digits are cards or nothing.
    if (overlaps(s, payments) || /^\d+$/.test(m[0]) || !isKeyShaped(m[0])) continue;
    add('api_key', s.start, s.end);
  }
  return found.sort((a, b) => a.start - b.start);
}

// Hex of 32+ or mixed-case base62 of 24+ is machine-made; a long all-lower word with a digit
// (a slug, a username) is not.
function isKeyShaped(token: string): boolean {
  if (/^[0-9a-f]{32,}$/i.test(token)) return true;
  return /[a-z]/.test(token) && /[A-Z]/.test(token) && /\d/.test(token);
}

/** Replaces API keys, passwords and card numbers with `[redacted]`. Pure. */
export function redact(rawText: string): Redaction {
  const text = clampText(rawText);
  const secrets = findSecrets(text);
  if (secrets.length === 0) return { text, secrets: [] };
  let out = '';
  let at = 0;
  for (const s of secrets) {
    out += text.slice(at, s.start) + REDACTED;
    at = s.end;
  }
  out += text.slice(at);
  return { text: out, secrets: [...new Set(secrets.map((s) => s.type))] };
}
