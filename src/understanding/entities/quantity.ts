import { type Match } from './span.js';

// What people buy; a number followed by one of these (optionally a platform word between) is a quantity.
const UNITS =
  'followers?|likes?|views?|subscribers?|subs|comments?|shares?|members?|plays?|streams?|retweets?|reposts?|saves?|reactions?|votes?|impressions?|watch\\s*hours?|listeners?|fans?|viewers?|upvotes?|story\\s*views?|reels?\\s*views?|hearts?';
const PLATFORMS =
  'instagram|insta|ig|tiktok|tik\\s*tok|tt|youtube|yt|twitter|x|facebook|fb|spotify|telegram|tg|twitch|threads|linkedin|soundcloud|discord|kick|real|hq|premium|organic|active|arab|usa|us|uk|indian|global|high\\s*quality|cheap|fast|more|extra|new|post|page|channel|video|reel|story|live';
const NUMBER = '(\\d{1,3}(?:[,.\\s]\\d{3})+|\\d+(?:\\.\\d+)?)';
const WITH_SUFFIX = new RegExp(`(?<![\\w$€£.,])${NUMBER}\\s?([kKmM])(?![\\w])`, 'g');
// "my order 4830254 views dropped", "order #4830254 likes": a number right after "order" used as a
// noun (a determiner before it, or an ID word or # after it) is the order's ID, not a quantity;
// "I want to order 100000 followers" still orders a quantity.
const AFTER_ORDER = '(?<!\\b(?:(?:my|the|this|that|our|your|his|her)\\s+orders?\\s*(?:id|number|no\\.?|nr|#)?|orders?\\s*(?:id|number|no\\.?|nr|#))\\s*[:#]?\\s*)';
const WITH_UNIT = new RegExp(`(?<![\\w$€£.,])${AFTER_ORDER}${NUMBER}\\s*(?:(?:${PLATFORMS})\\s+){0,2}(?:${UNITS})\\b`, 'gi');
const AFTER_WORD = /\b(?:quantity|qty|amount of)\s*(?:is|=|:|of)?\s*(\d[\d,]*)\b/gi;

function toInteger(digits: string, suffix = ''): string | undefined {
  const plain = /^\d{1,3}(?:[,.\s]\d{3})+$/.test(digits) ? digits.replace(/[,.\s]/g, '') : digits;
  const n = Number(plain) * (suffix.toLowerCase() === 'k' ? 1_000 : suffix.toLowerCase() === 'm' ? 1_000_000 : 1);
  return Number.isFinite(n) && n > 0 && Number.isInteger(n) ? String(n) : undefined;
}

/** Quantities as integer strings: "10k" → "10000", "2,000 likes" → "2000". */
export function findQuantities(text: string): Match[] {
  const out: Match[] = [];
  const push = (m: RegExpMatchArray, value: string | undefined): void => {
    if (value !== undefined && m.index !== undefined) out.push({ value, start: m.index, end: m.index + m[0].length });
  };
  for (const m of text.matchAll(WITH_SUFFIX)) push(m, toInteger(m[1] ?? '', m[2]));
  for (const m of text.matchAll(WITH_UNIT)) push(m, toInteger(m[1] ?? ''));
  for (const m of text.matchAll(AFTER_WORD)) push(m, toInteger((m[1] ?? '').replace(/,/g, '')));
  return out;
}
