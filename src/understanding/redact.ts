import type { Redaction, SecretType } from './vocabulary.js';
import { findEmails } from './entities/email.js';
import { findLinks } from './entities/link.js';
import { findPaymentReferences } from './entities/payment-reference.js';
import { overlaps, type Span } from './entities/span.js';
import { MAX_TEXT_CHARS } from './limits.js';
import { passesLuhn } from './luhn.js';
import { execAll, findCodes, findGroupedKeys, findLooseCredentials, findPasswords, findSeedPhrases, findShapedCredentials } from './redact-patterns.js';
import { viewOf } from './redact-view.js';

export const REDACTED = '[redacted]';

interface Secret extends Span {
  type: SecretType;
}

// "api key is X", "key=X", "token: X", "apikey X", "aws_secret_access_key = X". Values must look
// machine-made (≥ 12 chars, letters and digits) so "my key is not working" stays intact. No upper
// bound: a longer value is redacted whole, never cut with its tail left in clear.
const KEY_AFTER_WORD =
  /(?<![A-Za-z])(?:api[\s_-]?key|apikey|api[\s_-]?token|access[\s_-]?token|secret[\s_-]?key|secret|token|key)\s*(?:is|was|=|:|->|=>)?\s*["'`]?((?=[A-Za-z0-9_/+-]*\d)(?=[A-Za-z0-9_/+-]*[A-Za-z])[A-Za-z0-9_/+-]{12,}={0,2})/gi;
// A long token of letters and digits on its own: 32+ hex, or 24+ mixed base62, however long.
// Linear: the look-behind admits one start per word, and the look-aheads scan that word once.
const BARE_TOKEN = /(?<![\w-])(?=[A-Za-z0-9]*\d)(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{24,}(?![\w-])/g;
// Card numbers: 13–19 digits, unbroken or in card-shaped groups separated by single spaces or
// dashes (see isCard). A run of digit groups is found first (no look-around, so no backtracking),
// then cut into cards: see findCards.
const DIGIT_RUN = /\d+(?:[ -]\d+)*/g;
/** A payment reference that is only digits (and separators) may be a card: see findSecrets. */
const DIGITS_ONLY = /^\d+(?:[ -]\d+)*$/;
// A run glued to a word, a sign or a decimal point ("+4411…", "v1.4111…", "-4111…") is not a card.
const GLUED_BEFORE = /[\w+.-]/;
// Nor is one followed by more of a number or an identifier ("4111….5", "4111…-ab12").
const GLUED_AFTER = /[A-Za-z_.-]*\d/y;
const CARD_MIN_DIGITS = 13;
/**
 * A card word shortly before a run of digits ("my card 4111 11111111 1111", "visa: 41111111
 * 11111111"): there the visitor has said it is a card, so any grouping of a Luhn-valid 13–19 digits
 * counts, not only the printed layouts. Without it, unusual groupings stay (two order IDs side by
 * side must keep working).
 */
const CARD_WORD_BEFORE = /\b(?:cards?|credit|debit|visa|master\s?card|mc|amex|american express|discover|maestro|jcb|diners|unionpay|cc|pan)\b[^\d\n,;!?]{0,24}$/i;
const CARD_WORD_WINDOW = 40;
/** A letter next to a digit: a key written in groups has some (findGroupedKeys only runs if so). */
const MIXED_TOKEN = /[A-Za-z]\d|\d[A-Za-z]/;
const CARD_MAX_DIGITS = 19;
/** Longest payment reference (tx hashes are 64 hex; nothing real comes near 128). */
const MAX_PAYMENT_REFERENCE = 128;


function looksLikeTransactionHash(text: string, s: Span, token: string): boolean {
  if (/^[0-9a-f]{64}$/i.test(token)) {
    // A 64-hex value is a payment hash unless the writer calls it a key.
    const before = text.slice(Math.max(0, s.start - 24), s.start).toLowerCase();
    return !/\b(?:key|token|secret)\b[^a-z]*$/.test(before);
  }
  return false;
}

/**
 * The secrets in `text`, as spans of `text`. They are looked for in its normalised view
 * (redact-view.ts: NFKC, other scripts' digits, invisible characters gone), so a key split by a
 * zero-width space or a card in full-width digits is found, and the span it covers in the text as
 * written (invisible characters inside it included) is what gets replaced.
 */
function findSecrets(text: string): Secret[] {
  const view = viewOf(text);
  const secrets = findSecretsIn(view.text);
  const toOriginal = view.toOriginal;
  if (toOriginal === undefined) return secrets;
  const mapped: Secret[] = [];
  for (const s of secrets) {
    const span = { type: s.type, ...toOriginal(s.start, s.end) };
    const last = mapped[mapped.length - 1];
    // Two secrets folded into one character of the original (a ligature) become one.
    if (last !== undefined && span.start < last.end) last.end = Math.max(last.end, span.end);
    else mapped.push(span);
  }
  return mapped;
}

/**
 * The secrets in normalised text, strongest shapes first: where two overlap, the first found
 * stands (a JWT after "token:" is one secret, not a key and a tail).
 */
function findSecretsIn(text: string): Secret[] {
  const found: Secret[] = [];
  const add = (type: SecretType, start: number, end: number): void => {
    const s = { type, start, end };
    if (end > start && !overlaps(s, found)) found.push(s);
  };
  const addAll = (secrets: readonly Secret[]): void => {
    for (const s of secrets) add(s.type, s.start, s.end);
  };
  const emails = findEmails(text);
  const payments = findPaymentReferences(text, emails);
  // Long digit runs and ids inside URLs (TikTok video ids, Drive ids) are addresses, not secrets;
  // only an explicit key=… parameter, a vendor-prefixed key or a JWT inside a URL is.
  const links = findLinks(text, emails);

  addAll(findShapedCredentials(text));
  addAll(findLooseCredentials(text, links));
  for (const m of execAll(KEY_AFTER_WORD, text)) {
    const value = m[1];
    if (value === undefined || m.index === undefined) continue;
    const start = m.index + m[0].length - value.length;
    add('api_key', start, start + value.length);
  }
  addAll(findPasswords(text, links));
  addAll(findSeedPhrases(text));
  addAll(findCodes(text));
  // A payment word does not make a card number a payment reference ("payment 4111111111111111"):
  // a reference that is only digits is searched for cards like any other number, and keeps its
  // place as a reference (an entity, never redacted) only when it is not one.
  const shapedPayments = payments.filter((p) => !DIGITS_ONLY.test(p.value));
  for (const c of findCards(text, [...shapedPayments, ...links, ...found])) add('card_number', c.start, c.end);
  if (MIXED_TOKEN.test(text)) addAll(findGroupedKeys(text, [...emails, ...links, ...shapedPayments]));
  for (const m of execAll(BARE_TOKEN, text)) {
    if (m.index === undefined) continue;
    const s = { start: m.index, end: m.index + m[0].length };
    if (overlaps(s, emails) || overlaps(s, links) || looksLikeTransactionHash(text, s, m[0])) continue;
    // Payment references (PayPal, Stripe ids, "txid …") keep their shape; pure digits are cards or nothing.
    // No payment system has references over 128 characters: a token that long is a secret wherever it is.
    if ((overlaps(s, payments) && m[0].length <= MAX_PAYMENT_REFERENCE) || /^\d+$/.test(m[0]) || !isKeyShaped(m[0])) continue;
    add('api_key', s.start, s.end);
  }
  return found.sort((a, b) => a.start - b.start);
}

interface DigitGroup extends Span {
  digits: string;
}

/** The digit groups of one run ("4111 1111-1111 1111" → 4 groups) and the separators between them. */
function groupsOf(run: string, offset: number): { groups: DigitGroup[]; seps: string[] } {
  const groups: DigitGroup[] = [];
  const seps: string[] = [];
  let start = 0;
  for (let i = 0; i <= run.length; i++) {
    const ch = run[i];
    if (ch === undefined || ch === ' ' || ch === '-') {
      groups.push({ digits: run.slice(start, i), start: offset + start, end: offset + i });
      if (ch !== undefined) seps.push(ch);
      start = i + 1;
    }
  }
  return { groups, seps };
}

/**
 * Whether groups i…j (two or more) are printed the way people print a card: one separator
 * throughout, fours with a shorter or equal last group (4-4-4-4, 4-4-4-4-3, 4-4-4-1), or
 * Amex/Diners 4-6-5 and 4-6-4. Phone numbers (3-3-4), two order IDs side by side (7-7), lists of
 * order IDs and amounts, mixed separators ("1000-2000 3000-4000") don't look like this.
 */
function isPrintedLikeACard(groups: readonly DigitGroup[], seps: readonly string[], i: number, j: number): boolean {
  for (let s = i + 1; s < j; s++) if (seps[s] !== seps[i]) return false;
  const last = groups[j]?.digits.length ?? 0;
  if (j === i + 2 && groups[i]?.digits.length === 4 && groups[i + 1]?.digits.length === 6 && (last === 5 || last === 4)) return true;
  for (let g = i; g < j; g++) if (groups[g]?.digits.length !== 4) return false;
  return last <= 4;
}

/** A round number standing alone: no leading zero, a multiple of 100 ("1000", "2500", "300"). */
const ROUND_NUMBER = /^[1-9]\d*00$/;

/**
 * Whether groups i…j of a run, read as one number, are a card number:
 * - 13–19 digits that pass Luhn and do not start with 0 (no issuer number does; "0000000000000"
 *   passes Luhn);
 * - one unbroken group, or several printed like a card (isPrintedLikeACard): "4111 1111 1111 1111"
 *   and "4111-1111-1111-1111", not "4829112 4829119" (two order IDs) nor "1000-2000 3000-4000";
 *   any grouping when a card word comes just before (`saidCard`);
 * - and not several groups that are all round numbers ("1000 2000 3000 4000", "1500 2500 3500
 *   4500"): that is a list of amounts or quantities. A real card has every group end in 00 about
 *   once in 10^8; test cards ("5500 0000 0000 0004") have zero groups, which no amount is written as.
 * Separate numbers add up to a Luhn-valid 13–19 digits one time in ten; the layout and round-number
 * rules are what tell them apart. Cheap checks first: this runs for every window of a long run.
 */
function isCard(groups: readonly DigitGroup[], seps: readonly string[], i: number, j: number, saidCard: boolean): boolean {
  if (j - i >= CARD_MAX_DIGITS || groups[i]?.digits.startsWith('0') !== false) return false;
  let digits = '';
  for (let g = i; g <= j && digits.length <= CARD_MAX_DIGITS; g++) digits += groups[g]?.digits ?? '';
  if (digits.length < CARD_MIN_DIGITS || digits.length > CARD_MAX_DIGITS) return false;
  if (j > i) {
    if (!saidCard && !isPrintedLikeACard(groups, seps, i, j)) return false;
    if (groups.slice(i, j + 1).every((g) => ROUND_NUMBER.test(g.digits))) return false;
  }
  return passesLuhn(digits);
}

/**
 * Card numbers in the text. A run of digit groups that is a card as a whole (see isCard) is one.
 * Inside a longer run (two cards one space apart, a card after a short number), every window of
 * groups that starts and ends at a space (or an unglued end of the run) is tried, and the card
 * windows covering the most digits win. A stretch left between chosen cards that is itself a card
 * is one too: it would stand alone once its neighbours are redacted, and redacting again must not
 * find it. Long numbers with no card in them (order IDs, phone numbers, amounts, hashes glued to
 * letters) stay.
 */
function findCards(text: string, avoid: readonly Span[]): Span[] {
  const cards: Span[] = [];
  for (const m of execAll(DIGIT_RUN, text)) {
    // Fewer than 13 characters cannot hold 13 digits (most runs: amounts, order IDs, years).
    if (m.index === undefined || m[0].length < CARD_MIN_DIGITS) continue;
    const before = m.index > 0 ? (text[m.index - 1] ?? '') : '';
    GLUED_AFTER.lastIndex = m.index + m[0].length;
    const runOpenEnd = !GLUED_AFTER.test(text);
    const { groups, seps } = groupsOf(m[0], m.index);
    const saidCard = CARD_WORD_BEFORE.test(text.slice(Math.max(0, m.index - CARD_WORD_WINDOW), m.index));
    // Groups inside another secret, a payment reference or a link split the run: what lies on each
    // side is searched on its own, as it will stand once that secret is redacted.
    let from = 0;
    let openStart = !GLUED_BEFORE.test(before);
    for (let i = 0; i <= groups.length; i++) {
      const g = groups[i];
      const barrier = g !== undefined && overlaps(g, avoid);
      if (g !== undefined && !barrier) continue;
      const openEnd = g === undefined ? runOpenEnd : true;
      if (i > from) cards.push(...cardsInRun(groups.slice(from, i), seps.slice(from, i - 1), openStart, openEnd, saidCard));
      from = i + 1;
      openStart = seps[i] === ' ';
    }
  }
  return cards;
}

function cardsInRun(groups: readonly DigitGroup[], seps: readonly string[], openStart: boolean, openEnd: boolean, saidCard: boolean): Span[] {
  const n = groups.length;
  // A card may begin at group i only after a space (or at an unglued run start), and end likewise.
  const canStart = (i: number): boolean => (i === 0 ? openStart : seps[i - 1] === ' ');
  const canEnd = (j: number): boolean => (j === n - 1 ? openEnd : seps[j] === ' ');
  const cardAt = (i: number, j: number): boolean => canStart(i) && canEnd(j) && isCard(groups, seps, i, j, saidCard);

  // The whole run (the classic case).
  if (cardAt(0, n - 1)) return [spanOf(groups, 0, n - 1)];

  // Otherwise choose card windows covering the most digits: best[i] is the most digits coverable
  // in groups i…n-1, next[i] the window chosen at i (-1: skip group i). A window holds at most 19
  // digits, so at most 19 groups, and this is linear in the run.
  const best = new Array<number>(n + 1).fill(0);
  const next = new Array<number>(n).fill(-1);
  for (let i = n - 1; i >= 0; i--) {
    best[i] = best[i + 1] ?? 0;
    if (!canStart(i)) continue;
    let count = 0;
    for (let j = i; j < n && count <= CARD_MAX_DIGITS; j++) {
      // A card in several groups starts with a group of four (isPrintedLikeACard), unless called a card.
      if (j > i && !saidCard && groups[i]?.digits.length !== 4) break;
      count += groups[j]?.digits.length ?? 0;
      if (count < CARD_MIN_DIGITS || count > CARD_MAX_DIGITS || !cardAt(i, j)) continue;
      const covered = count + (best[j + 1] ?? 0);
      if (covered > (best[i] ?? 0)) {
        best[i] = covered;
        next[i] = j;
      }
    }
  }
  const chosen: [number, number][] = [];
  for (let i = 0; i < n; ) {
    const j = next[i] ?? -1;
    if (j >= 0) {
      chosen.push([i, j]);
      i = j + 1;
    } else i++;
  }
  if (chosen.length === 0) return [];
  // The stretches between chosen cards (and at the run's ends) become runs of their own.
  const found: [number, number][] = [];
  let from = 0;
  for (const [i, j] of [...chosen, [n, n] as [number, number]]) {
    if (i > from && cardAt(from, i - 1)) found.push([from, i - 1]);
    if (i < n) found.push([i, j]);
    from = j + 1;
  }
  return found.map(([i, j]) => spanOf(groups, i, j));
}

function spanOf(groups: readonly DigitGroup[], i: number, j: number): Span {
  return { start: groups[i]?.start ?? 0, end: groups[j]?.end ?? 0 };
}

// Hex of 32+ or mixed-case base62 of 24+ is machine-made; a long all-lower word with a digit
// (a slug, a username) is not.
function isKeyShaped(token: string): boolean {
  if (/^[0-9a-f]{32,}$/i.test(token)) return true;
  return /[a-z]/.test(token) && /[A-Z]/.test(token) && /\d/.test(token);
}

/**
 * A cut certain to fit: every secret is ≥ 3 characters and "[redacted]" is 10, so redaction at most
 * multiplies the length by 10/3, plus one marker for a secret dropped at the cut.
 */
const SAFE_CUT = Math.floor(((MAX_TEXT_CHARS - REDACTED.length) * 3) / REDACTED.length);
/** How far past a cut to look for a secret the cut would split. */
const CUT_CONTEXT = 256;
const MAX_PASSES = 8;

/**
 * Replaces API keys, passwords and card numbers with `[redacted]`. Pure and idempotent:
 * `redact(redact(x).text).text === redact(x).text`.
 *
 * The output is at most MAX_TEXT_CHARS long. Rather than cutting the redacted text (which could
 * split a "[redacted]" marker or leave a new secret-looking tail), the input is cut before redacting,
 * as far back as needed for the result to fit, and never through the middle of a secret: a secret
 * the cut would split is dropped whole and marked `[redacted]`. What is kept is redacted as text of
 * its own until nothing more is found, so redacting it again finds nothing new.
 */
export function redact(rawText: string): Redaction {
  let limit = MAX_TEXT_CHARS;
  // Each pass shortens the input in proportion to the overshoot; a pass or two settles it, and
  // SAFE_CUT always fits.
  for (let pass = 0; pass < 8 && limit > SAFE_CUT; pass++) {
    const r = redactPrefix(rawText, limit);
    if (r.text.length <= MAX_TEXT_CHARS) return r;
    limit = Math.min(limit - 1, Math.floor((limit * MAX_TEXT_CHARS) / r.text.length));
  }
  return redactPrefix(rawText, SAFE_CUT);
}

/** Redacts rawText cut to at most `limit` characters, never through a secret. */
function redactPrefix(rawText: string, limit: number): Redaction {
  if (rawText.length <= limit) return redactFully(rawText, []);
  // A secret running across the cut (a card, a key, a password) is looked for with some text after it.
  const split = findSecrets(rawText.slice(0, limit + CUT_CONTEXT)).find((s) => s.start < limit && s.end > limit);
  if (split === undefined) return redactFully(rawText.slice(0, limit), []);
  return redactFully(rawText.slice(0, split.start) + REDACTED, [split.type]);
}

/**
 * Replaces secrets until none is left. One pass nearly always suffices; a second finds what only
 * shows once a neighbour is gone ("5555555555554444pw=abc1": the card hides the word boundary
 * before "pw"). Each pass removes text that is not a marker, so this ends; the bound is a guard.
 */
function redactFully(text: string, already: readonly SecretType[]): Redaction {
  const types = new Set<SecretType>(already);
  let out = text;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const secrets = findSecrets(out);
    if (secrets.length === 0) break;
    let next = '';
    let at = 0;
    for (const s of secrets) {
      next += out.slice(at, s.start) + REDACTED;
      at = s.end;
      types.add(s.type);
    }
    out = next + out.slice(at);
  }
  return { text: out, secrets: [...types] };
}
