// Homoglyphs folded to their Latin skeleton (Unicode TR39), so "Rеfund" written with a Cyrillic е
// reads as "refund". The mapping is confusables.txt as packaged by `unhomoglyph` (Unicode 13.0
// data, ~6,300 entries); we use its table, not its replace function, because a blind skeleton
// would also turn real words and numbers into look-alikes ("m" → "rn", "0" → "O", "б" → "6").
// So only non-ASCII letters are folded, only to ASCII letters, and never to or from a digit: the
// guard's number rule must see exactly the digits the visitor sees.
import { createRequire } from 'node:module';

const table = createRequire(import.meta.url)('unhomoglyph/data.json') as Readonly<Record<string, string>>;

const LETTER = /^\p{L}$/u;
const ASCII_LETTERS = /^[A-Za-z]{1,3}$/;

/** Non-ASCII letter → ASCII letters ("е" → "e", "ꓣ" → "R", "ı" → "i"), built once at load. */
const FOLD: ReadonlyMap<string, string> = new Map(
  Object.entries(table).filter(([from, to]) => from.codePointAt(0)! > 0x7f && LETTER.test(from) && ASCII_LETTERS.test(to)),
);

// A word: letters and the marks on them. Digits are never part of one, so they are never touched.
const WORD = /[\p{L}\p{M}]+/gu;
const NON_ASCII = /[^\x00-\x7f]/;
const HAS_ASCII_LETTER = /[A-Za-z]/;

function foldWord(word: string): string {
  if (!NON_ASCII.test(word)) return word;
  let folded = '';
  let complete = true;
  for (const ch of word) {
    const to = ch.codePointAt(0)! <= 0x7f ? ch : FOLD.get(ch);
    if (to === undefined) {
      complete = false;
      folded += ch;
    } else folded += to;
  }
  // A word mixing Latin with look-alikes is an obfuscated Latin word: fold what can be folded. A
  // word with no Latin letter is folded only when every letter has a Latin skeleton ("оk" in
  // Cyrillic); otherwise it is a real word of its own script ("Возврат") and stays as written.
  return complete || HAS_ASCII_LETTER.test(word) ? folded : word;
}

/** `text` with look-alike letters replaced by their Latin skeleton, word by word; digits untouched. */
export function foldConfusables(text: string): string {
  return NON_ASCII.test(text) ? text.replace(WORD, foldWord) : text;
}

/** How many letters the table folds (for docs and tests). */
export const CONFUSABLE_LETTERS = FOLD.size;
