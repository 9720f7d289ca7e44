import { dropOverlapping, matchAll, type Match } from './span.js';

// The panel API's error catalogue (../shared/reference/panel-api.md §3.2), longest variants
// first so "Not enough funds on balance" wins over "Not enough funds".
const CATALOGUE: readonly string[] = [
  'API is Disable for this user or User Not Found! Contact the Support',
  'There are missing required parameters\\. Please check your API Manual',
  'There are missing required parameters',
  'Quantity must to be greater than or equal to (?:total )?minimum amount(?: \\d+)?',
  'You have active order with this link(?:\\. Please wait until order being completed\\.?)?',
  'There was an error processing your request(?:\\. Please try again later)?',
  'Order ID is required parameter(?:\\. Please check your API Manual)?',
  'This services? does not support Dripfeed feature!?',
  'Quantity less than minimal(?: \\d+)?',
  'Quantity more than maximum(?: \\d+)?',
  'Minimum quantity is \\d+',
  'Maximum quantity is \\d+',
  'Not enough funds on balance',
  'Not enough funds',
  'Insufficient balance',
  'Insufficient funds',
  'Invalid API key format',
  'Invalid API key',
  'Your account is not active',
  'Too many failed attempts',
  'This action is Invalid',
  'Invalid action',
  'Neither parameter is set',
  'Incorrect service ID',
  'Service ID does not exists?',
  'Invalid Service Id',
  'neworder\\.error\\.link_duplicate',
  'Bad link',
  'Incorrect order ID',
  'Invalid Order Ids?',
  'Maximum 100 orders',
  'Order not eligible for refill',
  'Refill not found',
  'Cannot cancel',
  'Runs is required',
  'Interval time is required',
  'Too many requests',
  'Method Not Allowed',
  'Incorrect request',
  'User Not Found',
];
const CATALOGUE_RE = new RegExp(`(?<![\\w])(?:${CATALOGUE.join('|')})(?![\\w])`, 'gi');
const HTTP_STATUS =
  /\b(?:HTTP\s*)?(?:[45]\d\d\s+)(?:Bad Request|Unauthorized|Forbidden|Not Found|Method Not Allowed|Too Many Requests|Internal Server Error|Bad Gateway|Service Unavailable|Gateway Time-?out)\b/gi;
// {"error":"…"} as pasted from a response body.
const JSON_ERROR = /["']?error["']?\s*:\s*["']([^"'\n]{2,200})["']/gi;
// Quoted text is an error message when it reads like one.
const QUOTED = /(?:"([^"\n]{3,160})"|'([^'\n]{3,160})'|“([^”\n]{3,160})”|‘([^’\n]{3,160})’|`([^`\n]{3,160})`)/g;
const ERROR_WORDS = /\b(?:error|invalid|incorrect|not|failed|fail|missing|denied|unauthori[sz]ed|forbidden|required|exceeded|too many|unknown|wrong|cannot|can't|unable|disabled|timeout|timed out|limit)\b/i;

// A quoted JSON key ("error") is not itself the message.
const JSON_KEY = /^\s*(?:error|errors|message|msg|status)\s*$/i;

/** API error strings: catalogue entries, HTTP status lines, {"error": …} bodies and quoted error text. */
export function findApiErrors(text: string): Match[] {
  const quoted: Match[] = [];
  for (const m of text.matchAll(QUOTED)) {
    const value = m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5];
    if (value === undefined || m.index === undefined || !ERROR_WORDS.test(value) || JSON_KEY.test(value)) continue;
    const start = m.index + 1;
    quoted.push({ value: value.trim(), start, end: start + value.length });
  }
  return dropOverlapping([
    ...matchAll(text, JSON_ERROR, 1),
    ...quoted,
    ...matchAll(text, HTTP_STATUS),
    ...matchAll(text, CATALOGUE_RE),
  ]);
}
