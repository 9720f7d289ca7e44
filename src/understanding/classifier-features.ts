import { cueFeatures } from './classifier-cues.js';
import type { Entities } from './vocabulary.js';

// Hashed sparse features: words, word bigrams, character n-grams (robust to "recieve", "ordr"),
// entity presence and a length bucket. Hashing keeps the model a fixed size with no vocabulary
// file, and is fast enough for tens of thousands of messages per second.

export const FEATURE_BITS = 16;
const FEATURE_MASK = (1 << FEATURE_BITS) - 1;

export interface FeatureVector {
  indices: Int32Array;
  /** One value for all indices: 1/sqrt(n), so long and short messages weigh alike. */
  value: number;
  /** All tokens, numbers, links, handles, e-mails and redactions as markers ("num7", "linktoken"). */
  tokens: readonly string[];
  /** The word tokens a reader would weigh: not numbers, links, handles, e-mails or redactions. */
  content: readonly string[];
}

/** Tokens that stand for an identifier (number, link, handle, e-mail, secret), not a word. */
const MARKER = /^(?:num\d|alnumtoken|linktoken|handletoken|emailtoken|secrettoken)$/;
export const isMarker = (token: string): boolean => MARKER.test(token);

function fnv1a(s: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

// Both start only where a run of their characters starts: tried at every position inside a long
// run ("a1-a1-a1-…"), the `+` would rescan the rest of the run each time (quadratic).
const EMAIL_LIKE = /(?<![a-z0-9._%+-])[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/g;
const URL_LIKE = /\bhttps?:\/\/\S+|\bwww\.\S+|(?<![a-z0-9-])[a-z0-9-]+\.(?:com|net|org|io|be|me|tv|co|gg|ly)\/\S*/g;

/** Lower-cased word tokens; numbers become shape tokens, links and redactions become markers. */
export function tokenize(text: string): string[] {
  const cleaned = text
    .toLowerCase()
    .replace(/\[redacted\]/g, ' secrettoken ')
    .replace(URL_LIKE, ' linktoken ')
    .replace(EMAIL_LIKE, ' emailtoken ')
    .replace(/(?<![\w.])@[a-z0-9_.]+/g, ' handletoken ')
    .replace(/[’']/g, '');
  const out: string[] = [];
  for (const raw of cleaned.split(/[^a-z0-9#]+/)) {
    if (raw === '') continue;
    if (/\d/.test(raw)) out.push(/^#?\d+$/.test(raw) ? `num${Math.min(raw.replace('#', '').length, 9)}` : 'alnumtoken');
    else out.push(raw.replace(/#/g, ''));
  }
  return out.filter((t) => t !== '');
}

function lengthBucket(n: number): string {
  if (n <= 1) return 'len:1';
  if (n === 2) return 'len:2';
  if (n <= 4) return 'len:3-4';
  if (n <= 8) return 'len:5-8';
  if (n <= 15) return 'len:9-15';
  return 'len:16+';
}

export function featurize(text: string, entities: Entities): FeatureVector {
  const tokens = tokenize(text);
  const names: string[] = [lengthBucket(tokens.length), 'bias'];
  const content: string[] = [];
  let prev = '^';
  for (const t of tokens) {
    names.push(`w:${t}`, `b:${prev}_${t}`);
    if (!isMarker(t)) content.push(t);
    if (t.length >= 3 && !t.startsWith('num')) {
      const padded = `<${t}>`;
      for (let i = 0; i + 3 <= padded.length; i++) names.push(`c3:${padded.slice(i, i + 3)}`);
      for (let i = 0; i + 4 <= padded.length; i++) names.push(`c4:${padded.slice(i, i + 4)}`);
    }
    prev = t;
  }
  names.push(`b:${prev}_$`);
  for (const type of Object.keys(entities)) names.push(`e:${type}`);
  names.push(...cueFeatures(text.toLowerCase()));
  if (tokens.length <= 3) for (const t of tokens) names.push(`short:${t}`);
  const indices = new Int32Array(names.length);
  for (let i = 0; i < names.length; i++) indices[i] = fnv1a(names[i] ?? '', 0) & FEATURE_MASK;
  return { indices, value: 1 / Math.sqrt(names.length), tokens, content };
}
