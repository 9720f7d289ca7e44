// One normalisation before every rule. A reply is read twice:
// - `visibleText`: what the visitor sees, as code points in reading order: NFKC (full-width and
//   styled letters and digits become plain ones), bidi overrides applied (U+202E shows the text
//   after it reversed, so that is the order the rules read), and every invisible character removed
//   (zero-width spaces and joiners, bidi controls, soft hyphens, variation selectors, tag
//   characters). Case, punctuation and digits are kept: the number and secret rules read this.
// - `normaliseForGuard`: the same text put into one canonical shape so the commitment rules stay
//   small: look-alike letters folded to their Latin skeleton (confusables.ts), lower case, accents
//   dropped from Latin letters ("accordé" → "accorde", "ş" → "s"), Arabic letter variants and
//   diacritics unified, letters written apart joined ("R e f u n d", "r.e.f.u.n.d"), one kind of
//   apostrophe, contractions expanded, and reassurance idioms neutralised.
// Neither step creates or removes a digit: NFKC maps a digit to a digit, the skeleton never
// touches digits, and only letters are joined.
import { foldConfusables } from './confusables.js';

// Default-ignorable code points render as nothing (TR44): they can split a word for a regex
// ("re\u200bfund") without changing what the visitor reads.
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/gu;

const RLO = 0x202e;
const LRO = 0x202d;
const RLE = 0x202b;
const LRE = 0x202a;
const PDF = 0x202c;
const PARAGRAPH_END = new Set([0x0a, 0x0d, 0x2029]);

/**
 * Code points in display order for the one bidi feature that reorders Latin text: an override
 * (RLO) displays everything up to its PDF, or the end of the paragraph, right to left. Embeddings
 * and isolates do not reorder a run of Latin letters, so only overrides are applied; all the
 * controls are then dropped with the other invisible characters.
 */
function applyOverrides(text: string): string {
  if (!text.includes('\u202e')) return text;
  const cps = Array.from(text);
  let i = 0;
  // Reads until the PDF closing the current level (or a paragraph end), reversing an RLO level.
  const level = (reverse: boolean): string[] => {
    const out: string[] = [];
    while (i < cps.length) {
      const cp = cps[i]!.codePointAt(0)!;
      if (cp === PDF) {
        i += 1;
        break;
      }
      if (PARAGRAPH_END.has(cp)) break;
      i += 1;
      if (cp === RLO || cp === LRO || cp === RLE || cp === LRE) {
        const inner = level(cp === RLO);
        out.push(inner.join(''));
      } else out.push(cps[i - 1]!);
    }
    // Right to left: the items (single code points, or nested levels shown as a unit) in reverse.
    return reverse ? out.reverse() : out;
  };
  const lines: string[] = [];
  while (i < cps.length) {
    lines.push(level(false).join(''));
    if (i < cps.length && PARAGRAPH_END.has(cps[i]!.codePointAt(0)!)) lines.push(cps[i++]!);
  }
  return lines.join('');
}

/** The reply as the visitor reads it: NFKC, bidi overrides applied, invisible characters removed. */
export function visibleText(text: string): string {
  if (!/[^\x00-\x7f]/.test(text)) return text;
  return applyOverrides(text.normalize('NFKC')).replace(INVISIBLE, '');
}

// Accents on Latin letters carry no promise ("reembolsó", "accordé", "ödeme"); other scripts keep
// their marks (Cyrillic й, Devanagari vowel signs).
const LATIN_MARKS = /(?<=[a-z])\p{M}+/gu;
// Arabic: harakat and the stretching tatweel are optional; hamza-carrying alefs and the final
// forms are written interchangeably.
const ARABIC_OPTIONAL = /[\u0640\u064b-\u065f\u0670]/g;
// Russian ё is written as е as often as not.
const VARIANTS: Readonly<Record<string, string>> = { 'أ': 'ا', 'إ': 'ا', 'آ': 'ا', 'ٱ': 'ا', 'ى': 'ي', 'ة': 'ه', 'ؤ': 'و', 'ئ': 'ي', 'ё': 'е' };
const VARIANT = /[أإآٱىةؤئё]/g;

// Three or more single letters separated by spaces, dots, hyphens, underscores or stars:
// "r e f u n d", "R.E.F.U.N.D", "r-e-f-u-n-d". Two letters ("e.g.", "a I") are ordinary text.
const SPACED_LETTERS = /(?<![\p{L}\p{N}])\p{L}(?:[ \t.\-_*·•]{1,3}\p{L}(?![\p{L}\p{N}])){2,}/gu;
// The same for a text that is all ASCII (most replies): no Unicode tables to consult.
const SPACED_LETTERS_ASCII = /(?<![a-z0-9])[a-z](?:[ \t.\-_*]{1,3}[a-z](?![a-z0-9])){2,}/g;
const SPACED_SEPARATOR = /[ \t.\-_*·•]/g;

// Order matters: specific irregular forms before the generic n't.
const CONTRACTIONS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bwon'?t\b/g, 'will not'],
  [/\bshan'?t\b/g, 'shall not'],
  [/\bcan'?t\b/g, 'can not'],
  [/\bcannot\b/g, 'can not'],
  [/\bain'?t\b/g, 'is not'],
  [/\b(do|does|did|is|are|was|were|has|have|had|could|would|should|must|need|might)n'?t\b/g, '$1 not'],
  [/\b(i|you|we|they|he|she|it|that|there|this|who)'ll\b/g, '$1 will'],
  // Typed without the apostrophe: common in chatty or careless LLM output.
  [/\byoull\b/g, 'you will'],
  [/\btheyll\b/g, 'they will'],
  [/\bitll\b/g, 'it will'],
  [/\bill\b/g, 'i will'],
  [/\b(i|you|we|they|who)'ve\b/g, '$1 have'],
  [/\bive\b/g, 'i have'],
  [/\b(i|you|we|they|he|she|it|who)'d\b/g, '$1 would'],
  [/\b(you|we|they|who)'re\b/g, '$1 are'],
  [/\byoure\b/g, 'you are'],
  [/\bi'm\b/g, 'i am'],
  [/\bim\b/g, 'i am'],
  [/\b(it|that|there|here|what)'s\b/g, '$1 is'],
  [/\bgonna\b/g, 'going to'],
  [/\bgotta\b/g, 'have to'],
];

// Reassurance idioms contain a negator but negate nothing ("don't worry, we'll refund you", "не
// волнуйтесь", "merak etmeyin", "jangan khawatir", "لا تقلق", "chinta mat karo"). They are replaced
// with a neutral word so they cannot excuse the promise that follows.
const REASSURANCE_LATIN = new RegExp(
  [
    '\\b(?:do not worry|(?:you )?(?:do not|need not|will not) (?:need to |have to )?worry|no worries|not to worry|no problem|not a problem|no doubt|never fear|no need to worry|nothing to worry about|no question|without (?:a|any) doubt|no matter what|not only)\\b',
    '\\bno (?:te |se )?preocupe?s?\\b|\\bsin (?:ningun )?problema\\b|\\bnao (?:se )?preocupe\\b|\\bsem problemas?\\b|\\bne vous inquietez pas\\b|\\bne t\'inquiete pas\\b|\\bpas de (?:souci|probleme)\\b|\\bsans (?:aucun )?doute\\b',
    '\\bmerak etme(?:yin|yiniz)?\\b|\\bendise etme(?:yin|yiniz)?\\b|\\bsorun (?:yok|degil)\\b',
    '\\bjangan (?:khawatir|kuatir|cemas|risau)\\b|\\btidak masalah\\b|\\btanpa masalah\\b',
    '\\b(?:chinta|fikar|fikr|tension|tenshan) (?:mat|na|nahi|nahin)\\b|\\bkoi (?:baat|dikkat|tension) nahi\\b',
  ].join('|'),
  'g',
);
const REASSURANCE_OTHER =
  /(?<![\p{L}])(?:не (?:волнуйтесь|переживайте|беспокойтесь|волнуйся|переживай|беспокойся)|без (?:проблем|сомнени\p{L}*)|لا (?:تقلق|تقلقي|تقلقوا|داعي للقلق))(?![\p{L}])/gu;

/** The canonical form every commitment rule reads (see the header), from any text. */
export function normaliseForGuard(text: string): string {
  return canonicalForm(visibleText(text));
}

/** `normaliseForGuard` for a text that is already `visibleText` output (the guard has it at hand). */
export function canonicalForm(visible: string): string {
  let out = visible;
  const ascii = !/[^\x00-\x7f]/.test(out);
  if (!ascii) {
    out = foldConfusables(out).toLowerCase().normalize('NFD').replace(LATIN_MARKS, '').normalize('NFC');
    out = out.replace(ARABIC_OPTIONAL, '').replace(VARIANT, (c) => VARIANTS[c] ?? c);
    out = out.replace(/[\u2018\u2019\u201b\u02bc\u0060\u00b4]/g, "'").replace(/[\u201c\u201d\u201e\u00ab\u00bb]/g, '"');
    out = out.replace(/[\u2010-\u2015\u2212]/g, '-');
  } else out = out.toLowerCase().replace(/`/g, "'");
  out = out.replace(ascii ? SPACED_LETTERS_ASCII : SPACED_LETTERS, (m) => m.replace(SPACED_SEPARATOR, ''));
  for (const [pattern, replacement] of CONTRACTIONS) out = out.replace(pattern, replacement);
  out = out.replace(REASSURANCE_LATIN, 'okay');
  if (!ascii) out = out.replace(REASSURANCE_OTHER, 'okay');
  // Runs of spaces/tabs collapse so "will   refund" matches like "will refund"; newlines stay (list markers).
  return out.replace(/[ \t\u00a0\u202f]+/g, ' ');
}
