// The words Parley reads in visitors' messages, per language, as data (prompts/language/*.yaml).
// Every language file has the same keys; a message is read with all of them at once. Code names
// concepts ("refund", "min"); only the data says how a language words them.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
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
  /** Every cue the text carries, with the position of its first occurrence. */
  cues(text: string): CueHits;
  /** Where a cue's phrases occur in the text (start and end of each). */
  spans(cue: Cue, text: string): { start: number; end: number }[];
  /** Platform names ("instagram") the text mentions, in the order they appear, with where. */
  platforms(text: string): Named[];
  /**
   * Service kinds ("followers") the text mentions, in the order they appear, with where. A kind
   * inside a longer one ("views" in "story views") is left out, unless `nested` asks for every kind
   * (a service named "Reels Views" is a "views" service as well as a "reels views" one).
   */
  kinds(text: string, nested?: boolean): Named[];
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
  private readonly exact = new Map<string, { name: Name; words: WordPattern[] }[]>();
  private readonly prefixed: { name: Name; words: WordPattern[] }[] = [];

  constructor(phrasesByName: ReadonlyMap<Name, readonly string[]>) {
    for (const [name, phrases] of phrasesByName) {
      for (const phrase of phrases) {
        const words = normaliseForCues(phrase).split(/[^\p{L}\p{M}\p{N}*]+/u)
          .map((w) => ({ text: w.replace(/\*+$/, ''), prefix: w.endsWith('*') })).filter((w) => w.text !== '');
        const first = words[0];
        if (!first) continue;
        if (first.prefix) this.prefixed.push({ name, words });
        else this.exact.set(first.text, [...(this.exact.get(first.text) ?? []), { name, words }]);
      }
    }
  }

  /** Every occurrence of every name's phrases, in text order. */
  find(normalised: string): { name: Name; start: number; end: number }[] {
    const tokens = tokensOf(normalised);
    const found: { name: Name; start: number; end: number }[] = [];
    tokens.forEach((token, i) => {
      const candidates = [...(this.exact.get(token.text) ?? []), ...this.prefixed.filter((p) => wordMatches(p.words[0] as WordPattern, token))];
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
    cues: (text) => new Map(firstOfEach(cues.find(normaliseForCues(text))).map(({ name, at }) => [name, at])),
    spans: (cue, text) => cues.find(normaliseForCues(text)).filter((hit) => hit.name === cue).map(({ start, end }) => ({ start, end })),
    platforms: (text) => firstOfEach(platforms.find(normaliseForCues(text))),
    kinds: (text, nested = false) => {
      const hits = kinds.find(normaliseForCues(text));
      return firstOfEach(nested ? hits : hits.filter((h) => !hits.some((o) => o !== h && o.start <= h.start && o.end >= h.end && o.end - o.start > h.end - h.start)));
    },
  };
}

/** Reads every `*.yaml` in `dir` (sorted); an invalid file stops the start with its name and the problem. */
export function loadLexicon(dir: string): Lexicon {
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().map((name) => {
    const parsed = LanguageFile.safeParse(readYaml(readFileSync(join(dir, name), 'utf8'), `language file ${name}`));
    if (!parsed.success) throw new Error(`language file ${name}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    return parsed.data;
  });
  if (files.length === 0) throw new Error(`no language files in ${dir}`);
  return compileLexicon(files);
}
