// What an answer quotes from a section: its paragraphs, whole, as many as fit; the first one that
// does not fit is cut after its last whole sentence that does, so a quote never stops mid-thought.
export const MAX_EXCERPT_CHARS = 700;

const PARAGRAPH_BREAK = '\n\n';
// A sentence ends at . ! or ? (a closing quote or bracket may follow), or where a list item ends.
const SENTENCE_END = /[.!?]["')\]]?(?=\s|$)|(?=\n)/g;

/** The longest run of whole sentences at the start of `text` within `room` characters ('' if none). */
function leadingSentences(text: string, room: number): string {
  let end = 0;
  for (const m of text.matchAll(SENTENCE_END)) {
    const at = m.index + m[0].length;
    if (at > room) break;
    end = at;
  }
  return text.slice(0, end).trimEnd();
}

/** Cuts at a word end and marks the cut, for text without a sentence end early enough. */
function clipWords(text: string, max: number): string {
  const head = text.slice(0, max - 1);
  const space = head.lastIndexOf(' ');
  return `${head.slice(0, space > 0 ? space : head.length)}…`;
}

export function excerptOf(paragraphs: readonly string[], max = MAX_EXCERPT_CHARS): string {
  let out = '';
  for (const p of paragraphs) {
    const joined = out === '' ? p : `${out}${PARAGRAPH_BREAK}${p}`;
    if (joined.length <= max) {
      out = joined;
      continue;
    }
    const head = leadingSentences(p, max - (out === '' ? 0 : out.length + PARAGRAPH_BREAK.length));
    if (head !== '') out = out === '' ? head : `${out}${PARAGRAPH_BREAK}${head}`;
    break;
  }
  return out === '' && paragraphs[0] !== undefined ? clipWords(paragraphs[0], max) : out;
}
