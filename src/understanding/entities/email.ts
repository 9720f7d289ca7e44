import { matchAll, type Match } from './span.js';

// Deliberately plain: good enough to recognise an address, not to validate one.
const EMAIL = /(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}(?![\w-])/g;

/** E-mail addresses, normalised to lower case. */
export function findEmails(text: string): Match[] {
  return matchAll(text, EMAIL).map((m) => ({ ...m, value: m.value.toLowerCase() }));
}
