import { dropOverlapping, matchAll, overlaps, type Match, type Span } from './span.js';

// Payment references identify money movements (PayPal, Stripe, crypto, Payeer, Perfect Money
// batches, bank transfers). They are never order IDs and never secrets.
const PATTERNS: readonly { re: RegExp; group: number }[] = [
  // Crypto transaction hashes / addresses: 0x + 40 or 64 hex, or a bare 64-hex hash.
  { re: /\b0x[0-9a-fA-F]{64}\b|\b0x[0-9a-fA-F]{40}\b/g, group: 0 },
  { re: /(?<![\w-])[0-9a-fA-F]{64}(?![\w-])/g, group: 0 },
  // Stripe payment intents, charges, transfers, refunds.
  { re: /(?<![\w-])(?:pi|ch|py|txn|re|tr|po|cs)_[A-Za-z0-9]{8,}(?:_secret_[A-Za-z0-9]+)?(?![\w-])/g, group: 0 },
  // PayPal transaction IDs: 17 upper-case letters and digits, mostly digits.
  { re: /(?<![\w-])(?=(?:[A-Z]*\d){5})(?=[0-9]*[A-Z])[0-9A-Z]{17}(?![\w-])/g, group: 0 },
  // Payeer: P + 7..12 digits.
  { re: /(?<![\w-])P\d{7,12}(?![\w-])/g, group: 0 },
  // Prefixed references such as TRX-20231121-8841 or BT-99812-AX.
  { re: /(?<![\w-])(?!(?:ORD|ORDER|SVC)-)[A-Z]{2,5}-(?=(?:[A-Z-]*\d){3})[A-Z0-9]+(?:-[A-Z0-9]+)*(?![\w-])/g, group: 0 },
  // "batch 123456789" (Perfect Money) and "batch no: 123…".
  { re: /\bbatch\s*(?:no\.?|number|num|id|#)?\s*[:#=]?\s*#?([A-Za-z0-9][A-Za-z0-9-]{3,})/gi, group: 1 },
  // A code right after a payment word: "charge code 7XK2M9QA", "txid 9f2c…", "transaction id 1234567".
  {
    re: /\b(?:transaction|txn|trx|txid|tx|hash|receipt|charge|invoice|payment|paypal|payeer|stripe|skrill|binance|coinbase|ref|reference)(?:\s+(?:id|code|no\.?|number|num|hash|ref|reference))?\s*(?:is|was|:|#|=)?\s*#?((?=[A-Za-z0-9_-]*\d)[A-Za-z0-9][A-Za-z0-9_-]{5,})/gi,
    group: 1,
  },
];

export function findPaymentReferences(text: string, avoid: readonly Span[] = []): Match[] {
  const all = PATTERNS.flatMap(({ re, group }) => matchAll(text, re, group));
  return dropOverlapping(all.filter((m) => !overlaps(m, avoid)));
}
