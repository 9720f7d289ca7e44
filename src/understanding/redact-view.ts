// What redaction reads: the visitor's text as a secret scanner should see it, with a map back to
// the text as written. A secret hidden by the way it is written is still a secret, so before any
// pattern runs:
// - NFKC: full-width digits and letters ("４１１１"), mathematical digits, no-break and thin spaces
//   become their plain forms;
// - decimal digits of other scripts (Arabic-Indic, Persian, Devanagari, Bengali) become 0–9;
// - zero-width characters, bidi controls, soft hyphens, variation selectors and tag characters
//   go ("sk-proj-abc\u200bdef", "4111\u200b1111…", a key reversed with U+202E).
// Secrets are found in the view and their spans mapped back, so the stored text is the text as
// written with only the secrets replaced: a message without one is kept exactly as it was.

/** Removed before matching: they change nothing a person reads but break a pattern. */
const INVISIBLE = /^(?:[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]|\udb40[\udc00-\udfff])$/;
/** The same, one UTF-16 unit at a time (the tag characters' surrogates are left alone). */
const INVISIBLE_UNIT = /^[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]$/;
/** A character NFKC may fold together with the one before it (a combining mark). */
const MARK = /^\p{M}$/u;
/** Zeros of the digit blocks whose digits NFKC leaves alone. */
const DIGIT_ZEROS = [0x0660, 0x06f0, 0x07c0, 0x0966, 0x09e6, 0x0a66, 0x0ae6, 0x0b66, 0x0be6, 0x0c66, 0x0ce6, 0x0d66, 0x0e50, 0x0ed0, 0x0f20, 0x1040, 0x17e0, 0x1810];

export interface RedactionView {
  /** The normalised text the patterns read. */
  text: string;
  /** Maps a span of `text` to the span of the original text it came from (absent: the same text). */
  toOriginal?: (start: number, end: number) => { start: number; end: number };
}

/** Plain ASCII needs no normalising: the view is the text itself (most messages). */
const ASCII_ONLY = /^[\x00-\x7f]*$/;

export function viewOf(text: string): RedactionView {
  if (ASCII_ONLY.test(text)) return { text };
  let out = '';
  // For each UTF-16 unit of `out`: where the cluster it came from starts and ends in `text`.
  const from: number[] = [];
  const to: number[] = [];
  let i = 0;
  while (i < text.length) {
    const start = i;
    i += codePointLength(text, i);
    // A character with its combining marks is normalised as one (e + U+0301 → é).
    while (i < text.length && text.charCodeAt(i) >= 0x300 && MARK.test(charAt(text, i))) i += codePointLength(text, i);
    const cluster = text.slice(start, i);
    const plain = cluster.length === 1 && cluster.charCodeAt(0) < 0x80 ? cluster : normaliseCluster(cluster);
    for (let k = 0; k < plain.length; k++) {
      from.push(start);
      to.push(i);
    }
    out += plain;
  }
  return {
    text: out,
    toOriginal: (s, e) => {
      let start = from[s] ?? text.length;
      let end = e > s ? (to[e - 1] ?? text.length) : start;
      // Invisible characters around a secret go with it: a bidi override left before "[redacted]"
      // would show it reversed.
      while (start > 0 && INVISIBLE_UNIT.test(text[start - 1] ?? '')) start--;
      while (end < text.length && INVISIBLE_UNIT.test(text[end] ?? '')) end++;
      return { start, end };
    },
  };
}

function normaliseCluster(cluster: string): string {
  let out = '';
  for (const ch of cluster.normalize('NFKC')) {
    if (INVISIBLE.test(ch)) continue;
    out += foldDigit(ch);
  }
  return out;
}

function foldDigit(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  if (code < 0x660) return ch;
  for (const zero of DIGIT_ZEROS) if (code >= zero && code <= zero + 9) return String(code - zero);
  return ch;
}

function codePointLength(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && i + 1 < text.length ? 2 : 1;
}

function charAt(text: string, i: number): string {
  return text.slice(i, i + codePointLength(text, i));
}
