// Finds the numbers a reply states and puts them in one canonical form, so "1,000", "1000" and
// "1k" compare equal to each other and to the same number in the facts.

/** A number or number-bearing identifier as it appears in a text, with its canonical readings. */
export interface NumberMention {
  readonly raw: string;
  /** Canonical readings; the mention is known when any reading is in the facts. Empty for identifiers. */
  readonly values: readonly string[];
  /** Set for mixed letter-digit tokens ("pi_3Nx9", "8UJ12345AB678901C", "v2"), which are looked up verbatim. */
  readonly identifier?: string;
}

// A token is a run of letters/digits/underscores, possibly joined by "." or "," between digits.
const TOKEN = /[\p{L}\p{N}_]+(?:[.,]\p{N}+)*/gu;
// List markers ("1. ", "2) ") at the start of a line are formatting, not claims; see docs/guard.md.
const LIST_MARKER = /^[ \t]*(?:[-*]\s+)?\d{1,2}[.)](?=\s)/gm;

/** "0042" → "42", "0.90" → "0.9", "5.00" → "5". */
function canonical(intPart: string, fraction = ''): string {
  const int = intPart.replace(/^0+(?=\d)/, '');
  const frac = fraction.replace(/0+$/, '');
  return frac ? `${int}.${frac}` : int;
}

/** Multiplies a canonical decimal string by 10^exp without floating point. */
function scale(value: string, exp: number): string {
  const [int = '0', frac = ''] = value.split('.');
  const digits = (frac + '0'.repeat(exp)).slice(0, exp);
  const rest = frac.slice(exp);
  return canonical(`${int}${digits}`, rest);
}

const SUFFIX_MULTIPLIER: Readonly<Record<string, readonly number[]>> = {
  k: [3],
  m: [0, 6], // "5m" is five minutes or five million: either reading may match a fact.
  mn: [6],
  bn: [9],
};
// Unit or ordinal suffixes glued to a number ("24h", "1st", "3pm", "2x"): the digits are the claim.
const PLAIN_SUFFIX = /^(?:st|nd|rd|th|h|hr|hrs|d|min|mins|s|sec|secs|x|am|pm|ms|w|wk|wks|mo|yr|yrs|pc|pcs|usd|eur|gbp)$/;

function readToken(token: string): NumberMention | null {
  if (!/\p{N}/u.test(token)) return null;
  const ascii = token.replace(/\p{Nd}/gu, (d) => String(Number.parseInt(d, 10)));
  if (/^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(ascii)) {
    const [int = '', frac] = ascii.replace(/,/g, '').split('.');
    return { raw: token, values: [canonical(int, frac)] };
  }
  if (/^\d+(?:\.\d+)?$/.test(ascii)) {
    const [int = '', frac] = ascii.split('.');
    return { raw: token, values: [canonical(int, frac)] };
  }
  // "3,4" or "5,50": a list or a decimal comma. Each part is read alone, in the facts too.
  if (/^\d+(?:[.,]\d+)+$/.test(ascii)) {
    return { raw: token, values: ascii.split(/[.,]/).map((part) => canonical(part)) };
  }
  const suffixed = /^(\d+(?:\.\d+)?)([a-z]+)$/i.exec(ascii);
  if (suffixed) {
    const [, num = '', suffix = ''] = suffixed;
    const [int = '', frac] = num.split('.');
    const base = canonical(int, frac);
    const exps = SUFFIX_MULTIPLIER[suffix.toLowerCase()];
    if (exps) return { raw: token, values: exps.map((e) => scale(base, e)) };
    if (PLAIN_SUFFIX.test(suffix.toLowerCase())) return { raw: token, values: [base] };
  }
  return { raw: token, values: [], identifier: token.toLowerCase() };
}

/** Every number mention in `text`. With `skipListMarkers`, leading "1." / "2)" enumerators are ignored. */
export function findNumbers(text: string, skipListMarkers = false): NumberMention[] {
  const source = (skipListMarkers ? text.replace(LIST_MARKER, (m) => m.replace(/\d/g, ' ')) : text).normalize('NFKC');
  const found: NumberMention[] = [];
  for (const m of source.matchAll(TOKEN)) {
    const mention = readToken(m[0]);
    if (mention) found.push(mention);
  }
  return found;
}

/** The canonical numbers in a set of facts (list markers included: a fact's "1." is still a 1). */
export function factNumbers(facts: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const fact of facts) for (const mention of findNumbers(fact)) for (const v of mention.values) out.add(v);
  return out;
}
