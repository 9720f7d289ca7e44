// Shapes that look like credentials. The bot never needs to say one: keys stay server-side and
// visitors' own secrets are redacted to "[redacted]" before anything sees them (understanding.md).
// Evidence names the kind of secret, never the value, so a violation log cannot leak it.

interface SecretShape {
  readonly kind: string;
  readonly re: RegExp;
  /** Extra check on the matched value (e.g. Luhn for card numbers, letters-and-digits for tokens). */
  readonly accept?: (value: string) => boolean;
}

function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i -= 1) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

const hasLetterAndDigit = (v: string): boolean => /\d/.test(v) && /[a-z]/i.test(v);

const SHAPES: readonly SecretShape[] = [
  // Perfect Panel keys are 32 hex characters; anything hex and that long is treated as a key.
  { kind: 'hex token', re: /(?<![\w-])(?:0x)?[0-9a-f]{32,}(?![\w-])/gi },
  // Base62/base64url tokens: long, mixed letters and digits, no spaces.
  { kind: 'opaque token', re: /(?<![\w/.-])[A-Za-z0-9_-]{32,}(?![\w/.-])/g, accept: hasLetterAndDigit },
  // Vendor-prefixed keys (sk-…, sk_live_…, pk_test_…, ghp_…, xox…).
  { kind: 'vendor key', re: /\b(?:sk|pk|rk)[-_](?:live[-_]|test[-_]|proj[-_])?[A-Za-z0-9]{16,}|\bgh[pousr]_[A-Za-z0-9]{20,}|\bxox[abpr]-[A-Za-z0-9-]{10,}/g },
  // "key=abc123…", "api_key: …", "token = …", "Bearer …"; "[redacted]" is not a value.
  {
    kind: 'key assignment',
    re: /\b(?:api[_ -]?key|key|token|secret|access[_ -]?token|auth|apikey|client[_ -]?secret)\s*[=:]\s*["'`]?(?!\[redacted\])[^\s"'`,;)]{6,}/gi,
  },
  { kind: 'bearer token', re: /\bbearer\s+(?!\[redacted\])[A-Za-z0-9._~+/-]{12,}=*/gi },
  { kind: 'api key statement', re: /\b(?:api )?key\s+is\s+["'`]?(?!\[redacted\])(?=[A-Za-z0-9_-]*\d)[A-Za-z0-9_-]{16,}/gi },
  // "password: hunter2", "your password is Abc123!": a value with a digit or symbol after the word.
  {
    kind: 'password',
    re: /\b(?:pass(?:word|wd|code|phrase)?|pwd|pin)\b\s*(?:[:=]|\bis\b|\bwas\b|\bset to\b|\bchanged to\b)\s*["'`]?(?!\[redacted\])(?=[^\s"'`]*[\d!@#$%^&*])[^\s"'`]{4,}/gi,
  },
  // Card-number shaped: 13–19 digits, optionally grouped, passing Luhn; or four groups of four.
  {
    kind: 'card number',
    re: /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g,
    accept: (v) => {
      const digits = v.replace(/\D/g, '');
      return luhnValid(digits) || /^\d{4}([ -])\d{4}\1\d{4}\1\d{4}$/.test(v);
    },
  },
];

// Public payment references may be long hex (crypto tx hashes) or vendor IDs; the bot may repeat
// one only when it came from the facts (the visitor's own message or the payment record).
const PUBLIC_REFERENCE = /^(?:0x[0-9a-f]{64}|[0-9a-f]{64}|pi_[A-Za-z0-9]{10,}|ch_[A-Za-z0-9]{10,}|txn_[A-Za-z0-9]{10,})$/i;

/** The kinds of secret-shaped strings in `text` ("hex token", "password", …), one entry per hit. */
export function findSecretShapes(text: string, factsText: string): string[] {
  const found: string[] = [];
  const normal = text.normalize('NFKC');
  for (const shape of SHAPES) {
    for (const m of normal.matchAll(shape.re)) {
      const value = m[0];
      if (shape.accept && !shape.accept(value)) continue;
      if (PUBLIC_REFERENCE.test(value) && factsText.includes(value.toLowerCase())) continue;
      found.push(shape.kind);
    }
  }
  return found;
}
