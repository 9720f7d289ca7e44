// The words Parley reads in visitors' messages, per language, as data (prompts/language/*.yaml).
// Every language file has the same keys; a message is read with all of them at once. Code names
// concepts ("refund", "min"); only the data says how a language words them.
import { z } from 'zod';
import { readPromptFile, type PromptFile } from '../prompts.js';
import { readYaml } from '../read-yaml.js';

export const CUES = [
  'refund', 'refill', 'cancel', 'eta', 'change', 'why', 'status', 'problem', 'own', 'order_word',
  'min', 'max', 'price', 'dripfeed', 'speed', 'catalogue',
  'first_one', 'second_one', 'last_one',
  'human', 'withdraw', 'thanks', 'acknowledge', 'goodbye', 'greeting', 'correction', 'negation', 'same', 'avoid',
  'takeover', 'deposit', 'charged_twice', 'referral_missing', 'payout',
  // Labels: the value right after them is the identifier ("account id u-10633", "code JADE10").
  'account_label', 'referral_label',
] as const;
export type Cue = (typeof CUES)[number];

const Phrase = z.string().trim().min(1).max(60);
const Phrases = z.array(Phrase).max(300);
const Names = z.record(z.string().regex(/^[a-z][a-z0-9_]{0,30}$/), Phrases);

export const LanguageFile = z.strictObject({
  language: z.string().regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?$/),
  cues: z.partialRecord(z.enum(CUES), Phrases),
  services: z.strictObject({ platforms: Names.optional(), kinds: Names.optional() }).optional(),
});
export type LanguageFile = z.infer<typeof LanguageFile>;

/** Where a concept was found in a text (its first occurrence). */
export type CueHits = ReadonlyMap<Cue, number>;

export interface Lexicon {
  readonly languages: readonly string[];
  /** Everything the language data finds in a text, worked out in one pass over its words. */
  read(text: string): LexiconReading;
}

export interface Span {
  start: number;
  end: number;
}

/** Positions are in the text as normalised for matching (NFKC, lower case), which keeps the length of most texts. */
export interface LexiconReading {
  /** Every cue the text carries, with the position of its first occurrence. */
  cues: CueHits;
  /** Where a cue's phrases occur (start and end of each). */
  spans(cue: Cue): readonly Span[];
  /** Platform names ("instagram") mentioned, in the order they appear, with where. */
  platforms: Named[];
  /** Service kinds ("followers"), the most specific only: "views" inside "story views" is left out. */
  kinds: Named[];
  /** Every kind, nested ones too: a service named "Reels Views" is a "views" service as well as a "reels views" one. */
  allKinds: Named[];
}

export interface Named {
  name: string;
  at: number;
}

/** Lower case, compatibility forms folded, typographic apostrophes straightened: what phrases are matched against. */
export function normaliseForCues(text: string): string {
  // Turkish "İ" lower-cases to "i" plus a combining dot; visitors type the plain "i".
  return text.normalize('NFKC').toLowerCase().replace(/i\u0307/g, 'i').replace(/[’‘`´]/g, "'");
}

interface Token {
  text: string;
  start: number;
  end: number;
}

// Marks count as word characters: Devanagari vowel signs and viramas sit inside words.
const WORD_RUN = /[\p{L}\p{M}\p{N}]+/gu;

/** The words of a normalised text, with where each starts and ends; anything else separates them. */
function tokensOf(normalised: string): Token[] {
  return [...normalised.matchAll(WORD_RUN)].map((m) => ({ text: m[0], start: m.index, end: m.index + m[0].length }));
}

interface Phrase<Name extends string> {
  name: Name;
  words: WordPattern[];
}

/** How many first letters of a prefix word key it (a shorter prefix is keyed by all it has). */
const PREFIX_KEY = 3;

/** A word of a phrase: the word itself, or (written `word*`) any word that starts with it. */
interface WordPattern {
  text: string;
  prefix: boolean;
}

const wordMatches = (pattern: WordPattern, token: Token | undefined) =>
  token !== undefined && (pattern.prefix ? token.text.startsWith(pattern.text) : token.text === pattern.text);

/**
 * Phrases of several names (cues, platforms, kinds), indexed by their first word: a text is cut into
 * words once and each word looks up the phrases that can start there, so matching costs about the
 * same whatever the number of languages.
 */
class PhraseIndex<Name extends string> {
  private readonly exact = new Map<string, Phrase<Name>[]>();
  /** Phrases whose first word is a prefix (`refund*`), by the prefix's first letters. */
  private readonly prefixed = new Map<string, Phrase<Name>[]>();

  constructor(phrasesByName: ReadonlyMap<Name, readonly string[]>) {
    for (const [name, phrases] of phrasesByName) {
      for (const phrase of phrases) {
        const words = normaliseForCues(phrase).split(/[^\p{L}\p{M}\p{N}*]+/u)
          .map((w) => ({ text: w.replace(/\*+$/, ''), prefix: w.endsWith('*') })).filter((w) => w.text !== '');
        const first = words[0];
        if (!first) continue;
        const [index, key] = first.prefix ? [this.prefixed, first.text.slice(0, PREFIX_KEY)] : [this.exact, first.text];
        const starting = index.get(key);
        if (starting) starting.push({ name, words });
        else index.set(key, [{ name, words }]);
      }
    }
  }

  /** Every occurrence of every name's phrases, in text order. */
  find(tokens: readonly Token[]): { name: Name; start: number; end: number }[] {
    const found: { name: Name; start: number; end: number }[] = [];
    tokens.forEach((token, i) => {
      const keys = new Set([token.text.slice(0, PREFIX_KEY), token.text.slice(0, 2), token.text.slice(0, 1)]);
      const candidates = [...(this.exact.get(token.text) ?? []), ...[...keys].flatMap((k) => this.prefixed.get(k) ?? [])];
      for (const { name, words } of candidates) {
        if (words.every((w, k) => wordMatches(w, tokens[i + k]))) found.push({ name, start: token.start, end: (tokens[i + words.length - 1] as Token).end });
      }
    });
    return found;
  }

}

function merge<Name extends string>(files: readonly LanguageFile[], pick: (f: LanguageFile) => Partial<Record<Name, readonly string[]>> | undefined): Map<Name, string[]> {
  const merged = new Map<Name, string[]>();
  for (const file of files) {
    for (const [name, phrases] of Object.entries(pick(file) ?? {}) as [Name, string[]][]) merged.set(name, [...(merged.get(name) ?? []), ...phrases]);
  }
  return merged;
}

function firstOfEach<Name extends string>(hits: readonly { name: Name; start: number }[]): { name: Name; at: number }[] {
  const first = new Map<Name, number>();
  for (const hit of hits) if (!first.has(hit.name)) first.set(hit.name, hit.start);
  return [...first].map(([name, at]) => ({ name, at })).sort((a, b) => a.at - b.at);
}

export function compileLexicon(files: readonly LanguageFile[]): Lexicon {
  const cues = new PhraseIndex(merge<Cue>(files, (f) => f.cues));
  const platforms = new PhraseIndex(merge<string>(files, (f) => f.services?.platforms));
  const kinds = new PhraseIndex(merge<string>(files, (f) => f.services?.kinds));
  return {
    languages: files.map((f) => f.language),
    read(text) {
      const tokens = tokensOf(normaliseForCues(text));
      const cueHits = cues.find(tokens);
      const spans = new Map<Cue, Span[]>();
      for (const { name, start, end } of cueHits) {
        const list = spans.get(name);
        if (list) list.push({ start, end });
        else spans.set(name, [{ start, end }]);
      }
      const kindHits = kinds.find(tokens);
      const inner = (h: Span) => kindHits.some((o) => o !== h && o.start <= h.start && o.end >= h.end && o.end - o.start > h.end - h.start);
      return {
        cues: new Map([...spans].map(([cue, list]) => [cue, (list[0] as Span).start])),
        spans: (cue) => spans.get(cue) ?? [],
        platforms: firstOfEach(platforms.find(tokens)),
        kinds: firstOfEach(kindHits.filter((h) => !inner(h))),
        allKinds: firstOfEach(kindHits),
      };
    },
  };
}

/** Reads prompts.folder('language') (sorted); an invalid file stops the start with its path and the problem. */
export function loadLexicon(files: readonly PromptFile[]): Lexicon {
  const languages = files.map((file) => readPromptFile(file, (text) => {
    const parsed = LanguageFile.safeParse(readYaml(text, 'language file'));
    if (!parsed.success) throw new Error(`language file: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    return parsed.data;
  }));
  if (languages.length === 0) throw new Error('no language files');
  return compileLexicon(languages);
}
