// How text becomes search terms, shared by indexing and querying so both sides agree: lower case,
// stop words out, and a light suffix stemmer so "cancelled", "cancels" and "cancel" meet.

// Small on purpose: words that carry no topic in a support question.
const STOP_WORDS = new Set(
  `a an the and or but if of to in on at for from by with about into over after before is are was were be been being am
  do does did done have has had i me my mine we us our you your yours he she it its they them their this that these those
  what which who whom whose when where why how can could would should will shall may might must not no yes please pls
  thanks thank hi hello hey there here just so very too also still any some all as than then them up out get got
  help want need know tell say said make made let one ok okay im ive dont cant wont isnt whats hows
  ur thx ty thing things stuff`.split(/\s+/),
);

/** Strips common English suffixes; crude but symmetric, which is all retrieval needs. */
export function stem(word: string): string {
  let w = word;
  if (w.length > 4 && w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.length > 4 && w.endsWith('uses')) w = w.slice(0, -2);
  else if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 3 && w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  // "cancellation" → "cancel", "confirmation" → "confirm": the noun meets its verb.
  else if (w.length > 8 && w.endsWith('ation')) w = w.slice(0, -5);
  // "cancell" → "cancel", "dropp" → "drop".
  if (w.length > 4 && /([bdfglmnprt])\1$/.test(w)) w = w.slice(0, -1);
  if (w.length > 4 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

/** The search term for one token, or null to drop it. */
export function toTerm(token: string): string | null {
  const t = token.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
  if (t.length < 2 || STOP_WORDS.has(t)) return null;
  // "getting" carries no more topic than "get".
  const term = stem(t);
  return STOP_WORDS.has(term) ? null : term;
}

/** Tokens split on anything that is not a letter, digit, underscore or inner apostrophe. */
export function tokenize(text: string): string[] {
  return text.split(/[^\p{L}\p{N}_']+/u).filter((t) => t.length > 0);
}

/** The search terms of a text, in order. */
export function termList(text: string): string[] {
  return tokenize(text).flatMap((token) => toTerm(token) ?? []);
}

/** The distinct search terms of a text. */
export function termSet(text: string): Set<string> {
  return new Set(termList(text));
}
