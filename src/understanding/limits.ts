// Defensive input bounds. Messages come from strangers; a megabyte of text must not
// cost a megabyte of regex work or feature hashing.

/** Longest text any understanding stage looks at. */
export const MAX_TEXT_CHARS = 2000;

/** Cuts a text to MAX_TEXT_CHARS (on a code-unit boundary; fine for regex work). */
export function clampText(text: string): string {
  return text.length > MAX_TEXT_CHARS ? text.slice(0, MAX_TEXT_CHARS) : text;
}
