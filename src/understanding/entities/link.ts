import { dropOverlapping, matchAll, overlaps, type Match, type Span } from './span.js';

// Links are recognised by shape only; nothing here ever resolves or fetches them.
const URL_WITH_SCHEME = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const WWW = /(?<![\w./-])www\.[^\s<>"'`]+/gi;
// Scheme-less "instagram.com/name" or "youtu.be/id". The TLD list keeps file names
// (index.php, app.js) and version numbers out.
const BARE_DOMAIN =
  /(?<![\w@./-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:com|net|org|io|be|me|tv|gg|co|app|ly|to|us|uk|in|xyz|shop|store|link|site|online|info|biz|cc|fm|ru|de|fr|br|es|it|pl|tr|id|pk|ng|live)(?:\/[^\s<>"'`]*)?(?![\w@-])/gi;
// @handles; at least one letter, so "@5pm" is not a profile.
const HANDLE = /(?<![\w@./])@(?=[A-Za-z0-9_.]*[A-Za-z])[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?/g;

// "meet @5pm" is a time, not a profile.
const TIME_AFTER_AT = /^@\d{1,2}(?:am|pm)$/i;
const TRAILING_PUNCTUATION = /[.,!?;:)\]}'"*]+$/;

function trimTrailing(m: Match): Match {
  const value = m.value.replace(TRAILING_PUNCTUATION, '');
  return { value, start: m.start, end: m.start + value.length };
}

/** URLs, scheme-less profile paths and @handles, as written minus trailing punctuation. */
export function findLinks(text: string, avoid: readonly Span[] = []): Match[] {
  const candidates = [
    ...matchAll(text, URL_WITH_SCHEME),
    ...matchAll(text, WWW),
    ...matchAll(text, BARE_DOMAIN),
    ...matchAll(text, HANDLE),
  ]
    .map(trimTrailing)
    .filter((m) => m.value.length > 1 && !TIME_AFTER_AT.test(m.value) && !overlaps(m, avoid));
  return dropOverlapping(candidates);
}
