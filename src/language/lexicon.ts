// The words Parley reads in visitors' messages, per language, as data (prompts/language/*.yaml).
// Every language file has the same keys; a message is read with all of them at once. Code names
// concepts ("refund", "min"); only the data says how a language words them.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

export const CUES = [
  'refund', 'refill', 'cancel', 'eta', 'change', 'why', 'status', 'problem', 'own', 'order_word',
  'min', 'max', 'price', 'dripfeed', 'speed',
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
  /** Service kinds ("followers") the text mentions, in the order they appear, with where. */
  kinds(text: string): Named[];
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

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// Marks count as word characters: Devanagari vowel signs and viramas sit inside words.
const WORD = '[\\p{L}\\p{M}\\p{N}]';

/** One phrase as a pattern: whole words, flexible spaces, `*` at a word's end for any ending. */
function phrasePattern(phrase: string): string {
  const words = normaliseForCues(phrase).split(/\s+/).filter(Boolean);
  return words.map((w) => (w.endsWith('*') && w.length > 1 ? `${escape(w.slice(0, -1))}${WORD}*` : escape(w))).join("[\\s\\-']+");
}

function compile(phrases: readonly string[]): RegExp | null {
  if (phrases.length === 0) return null;
  // Longest first, so "how long" wins over "how" where both would start at the same place.
  const sorted = [...new Set(phrases)].sort((a, b) => b.length - a.length).map(phrasePattern);
  return new RegExp(`(?<!${WORD})(?:${sorted.join('|')})(?!${WORD})`, 'gu');
}

function firstIndex(re: RegExp | null, text: string): number {
  if (!re) return -1;
  re.lastIndex = 0;
  const m = re.exec(text);
  return m ? m.index : -1;
}

function namesIn(patterns: ReadonlyMap<string, RegExp>, text: string): Named[] {
  const found: Named[] = [];
  for (const [name, re] of patterns) {
    const at = firstIndex(re, text);
    if (at >= 0) found.push({ name, at });
  }
  return found.sort((a, b) => a.at - b.at);
}

function mergeNames(files: readonly LanguageFile[], pick: (f: LanguageFile) => Record<string, string[]> | undefined): Map<string, RegExp> {
  const merged = new Map<string, string[]>();
  for (const file of files) {
    for (const [name, phrases] of Object.entries(pick(file) ?? {})) merged.set(name, [...(merged.get(name) ?? []), ...phrases]);
  }
  const out = new Map<string, RegExp>();
  for (const [name, phrases] of merged) {
    const re = compile(phrases);
    if (re) out.set(name, re);
  }
  return out;
}

export function compileLexicon(files: readonly LanguageFile[]): Lexicon {
  const cuePatterns = new Map<Cue, RegExp>();
  for (const cue of CUES) {
    const re = compile(files.flatMap((f) => f.cues[cue] ?? []));
    if (re) cuePatterns.set(cue, re);
  }
  const platforms = mergeNames(files, (f) => f.services?.platforms);
  const kinds = mergeNames(files, (f) => f.services?.kinds);
  return {
    languages: files.map((f) => f.language),
    cues(text) {
      const norm = normaliseForCues(text);
      const hits = new Map<Cue, number>();
      for (const [cue, re] of cuePatterns) {
        const at = firstIndex(re, norm);
        if (at >= 0) hits.set(cue, at);
      }
      return hits;
    },
    spans(cue, text) {
      const re = cuePatterns.get(cue);
      if (!re) return [];
      re.lastIndex = 0; // matchAll starts where the last exec left the shared pattern
      return [...normaliseForCues(text).matchAll(re)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
    },
    platforms: (text) => namesIn(platforms, normaliseForCues(text)),
    kinds: (text) => namesIn(kinds, normaliseForCues(text)),
  };
}

/** Reads every `*.yaml` in `dir` (sorted); an invalid file stops the start with its name and the problem. */
export function loadLexicon(dir: string): Lexicon {
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().map((name) => {
    const parsed = LanguageFile.safeParse(parse(readFileSync(join(dir, name), 'utf8')));
    if (!parsed.success) throw new Error(`language file ${name}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    return parsed.data;
  });
  if (files.length === 0) throw new Error(`no language files in ${dir}`);
  return compileLexicon(files);
}
