// A long list of word patterns, matched fast. One alternation of ~150 patterns is tried at every
// character of a reply, each pattern in turn, which cost the meaning rules most of their time. A
// match can only start where a word starts, and most patterns start with a known letter, so the
// list is split into buckets by first character (a one-level trie) and each word start runs only
// its bucket, as a sticky regex. Same matches as the plain alternation at word boundaries.

/** One match: where it starts and ends, and the tag of the list it came from. */
export interface WordMatch<Tag extends string = string> {
  readonly index: number;
  readonly end: number;
  readonly tag: Tag;
}



const WORD_START = /(?<![\p{L}\p{N}])[\p{L}\p{N}$€£₹]/gu;
const END = '(?![\\p{L}\\p{N}])';

/** Index of the parenthesis closing the group opened at `open`, or -1. */
function closing(source: string, open: number): number {
  let depth = 0;
  for (let i = open; i < source.length; i += 1) {
    const c = source[i];
    if (c === '\\') i += 1;
    else if (c === '[') i = source.indexOf(']', i + 1);
    else if (c === '(') depth += 1;
    else if (c === ')' && --depth === 0) return i;
    if (i === -1) return -1;
  }
  return -1;
}

/** The top-level alternatives of a group body ("a|b(c|d)" → ["a", "b(c|d)"]). */
function topLevel(body: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < body.length; i += 1) {
    const c = body[i];
    if (c === '\\') i += 1;
    else if (c === '[') i = body.indexOf(']', i + 1);
    else if (c === '(') depth += 1;
    else if (c === ')') depth -= 1;
    else if (c === '|' && depth === 0) {
      out.push(body.slice(from, i));
      from = i + 1;
    }
  }
  out.push(body.slice(from));
  return out;
}

/** The characters a pattern can start with, or undefined when that is not simple to tell. */
function firstChars(source: string): Set<string> | undefined {
  if (source === '') return undefined;
  const c = source[0]!;
  if (source.startsWith('(?<') || source.startsWith('(?=') || source.startsWith('(?!')) {
    // A look-around at the start constrains, but does not consume: look past it.
    const end = closing(source, 0);
    return end === -1 ? undefined : firstChars(source.slice(end + 1));
  }
  if (c === '(') {
    const end = closing(source, 0);
    if (end === -1) return undefined;
    const quant = source[end + 1];
    if (quant === '{') return undefined;
    const inner = source.slice(source.startsWith('(?:') ? 3 : 1, end);
    const out = new Set<string>();
    // An optional group: the pattern may also start with whatever follows it.
    if (quant === '?' || quant === '*') {
      const next = firstChars(source.slice(end + 2));
      if (!next) return undefined;
      for (const ch of next) out.add(ch);
    }
    for (const alt of topLevel(inner)) {
      const chars = firstChars(alt);
      if (!chars) return undefined;
      for (const ch of chars) out.add(ch);
    }
    return out;
  }
  if (c === '[') {
    const end = source.indexOf(']');
    const body = source.slice(1, end);
    if (body.startsWith('^') || body.includes('\\') || body.includes('-') || /^[?*{]/.test(source.slice(end + 1))) return undefined;
    return new Set(Array.from(body));
  }
  if (source.startsWith('\\d') && !/^[?*{]/.test(source.slice(2))) return new Set('0123456789');
  if (c === '\\' || c === '.' || c === '^' || c === '$') return undefined;
  if (/^[?*{]/.test(source.slice(c.length))) return undefined;
  return new Set([c]);
}

/** Word starts of the last text asked about: every list of a check reads the same text. */
let lastStarts: { text: string; starts: number[] } | undefined;
function wordStarts(text: string): number[] {
  if (lastStarts?.text !== text) lastStarts = { text, starts: [...text.matchAll(WORD_START)].map((m) => m.index) };
  return lastStarts.starts;
}

const PREFIX_LEN = 3;
const MAX_PREFIXES = 400;

/**
 * The literal starts a pattern can have, each PREFIX_LEN characters long or shorter where the
 * literal part ends sooner ("refund\\p{L}*" → "ref", "(?:my|our) money" → "my ", "our"), or
 * undefined when that is not simple to tell. A cheap filter: a word start whose next characters
 * begin with none of them cannot match, and its regex is not run.
 */
function prefixes(source: string, acc = ''): Set<string> | undefined {
  if (acc.length >= PREFIX_LEN || source === '') return new Set([acc.slice(0, PREFIX_LEN)]);
  if (source.startsWith('(?<') || source.startsWith('(?=') || source.startsWith('(?!')) {
    const end = closing(source, 0);
    return end === -1 ? undefined : prefixes(source.slice(end + 1), acc);
  }
  const c = source[0]!;
  const out = new Set<string>();
  const add = (set: Set<string> | undefined): boolean => {
    if (!set) return false;
    for (const x of set) out.add(x);
    return out.size <= MAX_PREFIXES;
  };
  if (c === '(') {
    const end = closing(source, 0);
    if (end === -1) return undefined;
    const quant = source[end + 1];
    if (quant === '{' || quant === '+') return acc ? new Set([acc]) : undefined;
    const inner = source.slice(source.startsWith('(?:') ? 3 : 1, end);
    const rest = source.slice(end + (quant === '?' || quant === '*' ? 2 : 1));
    if (quant === '*') return acc ? new Set([acc]) : undefined;
    for (const alt of topLevel(inner)) if (!add(prefixes(alt + rest, acc))) return acc ? new Set([acc]) : undefined;
    if (quant === '?' && !add(prefixes(rest, acc))) return acc ? new Set([acc]) : undefined;
    return out;
  }
  if (c === '[') {
    const end = source.indexOf(']');
    const body = source.slice(1, end);
    const quant = source[end + 1];
    if (body.startsWith('^') || body.includes('\\') || body.includes('-') || (quant && '?*{+'.includes(quant))) return acc ? new Set([acc]) : undefined;
    for (const ch of Array.from(body)) if (!add(prefixes(source.slice(end + 1), acc + ch))) return acc ? new Set([acc]) : undefined;
    return out;
  }
  // White space in normalised text is a single space (a line break ends the sentence anyway).
  if (source.startsWith('\\s')) {
    const more = source[2] === '+' || source[2] === '*' ? 3 : 2;
    return source[2] === '*' || source[2] === '?' ? (acc ? new Set([acc]) : undefined) : prefixes(source.slice(more), `${acc} `);
  }
  if ('\\.^$|)?*+{'.includes(c)) return acc ? new Set([acc]) : undefined;
  const quant = source[c.length];
  if (quant && '?*{'.includes(quant)) return acc ? new Set([acc]) : undefined;
  return prefixes(source.slice(c.length + (quant === '+' ? 1 : 0)), acc + c);
}

interface Bucket {
  readonly list: number;
  readonly re: RegExp;
}

/** The first two UTF-16 units at `at` as one small integer (no string is made per word). */
const pairAt = (text: string, at: number): number => (text.charCodeAt(at) << 16) | (text.charCodeAt(at + 1) || 0);

/**
 * Several tagged lists of word patterns, scanned in one pass over a text's word starts. Each list
 * reports non-overlapping matches, left to right, like a global regex of its alternation would.
 */
export class WordLists<Name extends string, Tag extends string = string> {
  private readonly names: readonly Name[];
  private readonly tags: readonly (readonly Tag[])[];
  /** By the first two UTF-16 units of a word: the buckets (one per list at most) it may match. */
  private readonly byPair = new Map<number, Bucket[]>();
  /** By the first unit, for buckets whose patterns' second character is not simple to tell. */
  private readonly byChar = new Map<number, Bucket[]>();
  /** Patterns with no simple first character (a suffix on any word): one regex scan per list. */
  private readonly rest: (RegExp | undefined)[];

  constructor(lists: Readonly<Record<Name, Readonly<Record<Tag, readonly string[]>>>>) {
    this.names = Object.keys(lists) as Name[];
    this.tags = this.names.map((name) => Object.keys(lists[name]) as Tag[]);
    // One named group per tag (g0, g1, …), in the list's order.
    const source = (perTag: readonly string[][]) => perTag.map((list, t) => (list.length ? `(?<g${t}>${list.join('|')})` : '')).filter(Boolean).join('|');
    this.rest = this.names.map((name, l) => {
      const tags = this.tags[l]!;
      const byChar = new Map<string, string[][]>();
      const rest: string[][] = tags.map(() => []);
      tags.forEach((tag, t) => {
        for (const p of lists[name][tag]) {
          const chars = firstChars(p);
          if (!chars) rest[t]!.push(p);
          else for (const ch of chars) (byChar.get(ch) ?? byChar.set(ch, tags.map(() => [])).get(ch)!)[t]!.push(p);
        }
      });
      // Each first character's patterns, split by their first two characters where those are
      // simple to tell; the others run for every word with that first character.
      const add = (index: Map<number, Bucket[]>, key: number, perTag: readonly string[][]) => {
        const bucket: Bucket = { list: l, re: new RegExp(`(?:${source(perTag)})${END}`, 'uy') };
        (index.get(key) ?? index.set(key, []).get(key)!).push(bucket);
      };
      for (const [ch, perTag] of byChar) {
        const byPair = new Map<string, string[][]>();
        const loose: string[][] = tags.map(() => []);
        perTag.forEach((patterns, t) => {
          for (const p of patterns) {
            const set = prefixes(p);
            if (!set || [...set].some((x) => x.length < 2)) loose[t]!.push(p);
            else for (const pair of new Set([...set].map((x) => x.slice(0, 2)).filter((x) => x[0] === ch))) (byPair.get(pair) ?? byPair.set(pair, tags.map(() => [])).get(pair)!)[t]!.push(p);
          }
        });
        for (const [pair, pairTags] of byPair) add(this.byPair, pairAt(pair, 0), pairTags);
        if (loose.some((x) => x.length)) add(this.byChar, ch.charCodeAt(0), loose);
      }
      return rest.some((x) => x.length) ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${source(rest)})${END}`, 'gu') : undefined;
    });
  }

  private tagOf(list: number, groups: Record<string, string | undefined> | undefined): Tag {
    const tags = this.tags[list]!;
    for (let t = 0; t < tags.length; t += 1) if (groups?.[`g${t}`] !== undefined) return tags[t]!;
    return tags[0]!;
  }

  private tryAt(text: string, at: number, buckets: readonly Bucket[], found: WordMatch<Tag>[][], after: number[]): void {
    for (let b = 0; b < buckets.length; b += 1) {
      const bucket = buckets[b]!;
      if (at < after[bucket.list]!) continue;
      bucket.re.lastIndex = at;
      const m = bucket.re.exec(text);
      if (!m) continue;
      const end = at + m[0].length;
      found[bucket.list]!.push({ index: at, end, tag: this.tagOf(bucket.list, m.groups) });
      after[bucket.list] = end;
    }
  }

  /** Every list's matches in `text`; with `spans` (sorted, not overlapping), only matches starting inside one. */
  scan(text: string, spans?: readonly { start: number; end: number }[]): Record<Name, WordMatch<Tag>[]> {
    const found: WordMatch<Tag>[][] = this.names.map(() => []);
    const after: number[] = this.names.map(() => 0);
    let span = 0;
    for (const at of wordStarts(text)) {
      if (spans) {
        while (span < spans.length && spans[span]!.end <= at) span += 1;
        if (span === spans.length) break;
        if (at < spans[span]!.start) continue;
      }
      const byPair = this.byPair.get(pairAt(text, at));
      if (byPair) this.tryAt(text, at, byPair, found, after);
      const byChar = this.byChar.get(text.charCodeAt(at));
      if (byChar) this.tryAt(text, at, byChar, found, after);
    }
    this.rest.forEach((re, l) => {
      if (!re) return;
      const list = found[l]!;
      for (const m of text.matchAll(re)) {
        const index = m.index;
        const end = index + m[0].length;
        if (spans && !spans.some((s) => index >= s.start && index < s.end)) continue;
        if (!list.some((f) => index < f.end && f.index < end)) list.push({ index, end, tag: this.tagOf(l, m.groups) });
      }
      list.sort((a, b) => a.index - b.index);
    });
    return Object.fromEntries(this.names.map((name, l) => [name, found[l]!])) as Record<Name, WordMatch<Tag>[]>;
  }
}
