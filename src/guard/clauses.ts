// The matching engine behind every commitment rule: find a pattern in a sentence, then decide
// whether the sentence actually negates or hedges it. Negation is judged locally (the words just
// before the match, inside the same sub-clause) because a negator elsewhere in the sentence
// usually belongs to something else: "If it isn't delivered, we will refund you" is a promise.

/** A commitment phrasing. Patterns run on normalised text (normalise.ts): lower case, no contractions. */
export interface PhrasePattern {
  readonly re: RegExp;
  /**
   * Whether a negator inside the match cancels it ("refunds are not guaranteed"). Off for patterns
   * whose claim itself contains a negator ("the API will never rate-limit you").
   */
  readonly spanNegation?: boolean;
  /** Words right before the match that turn it into a condition or a question of fact ("if you are eligible for…"). */
  readonly hedge?: RegExp;
  /** A pattern that only counts when its sub-clause also contains this cue (e.g. a delivery verb). */
  readonly requires?: RegExp;
  /** A pattern that does not count when its sub-clause contains this (e.g. "refill window"). */
  readonly unless?: RegExp;
  /**
   * A cheap necessary condition: every match of `re` contains a match of `trigger` (e.g. one of a
   * topic's words). Only a speed-up: when the trigger is absent from the text, `re` cannot match,
   * so it is not run. Patterns of one topic share one trigger object, tested once per text.
   */
  readonly trigger?: RegExp;
}

// Bounded on purpose: all regexes here are linear (no nested unbounded quantifiers).
const NEGATOR = /\b(?:not|never|no|none|nobody|nothing|neither|nor|without|unable|refuse|decline)\b/;
const NEGATOR_ALL = new RegExp(NEGATOR.source, 'g');
// Hindi and Turkish negate after the verb ("guarantee nahi de sakta", "garanti edemem"): a
// sentence with such a negator is not read as an English promise (meaning.ts judges it instead).
const VERB_FINAL_NEGATOR = /(?<![\p{L}])(?:nahi|nahin|nhi|degil|\p{L}{2,}(?:m[ae]y[ae]c[ae]k|m[ae]d[iu]|m[ae]mis|m[ae]z|m[iu]yor|[ae]m[ae]m))(?![\p{L}])/u;
const SUBORDINATOR = /\b(?:if|unless|when|whenever|once|until|in case|because|since|after|before)\b/;
// Sub-clause boundaries: a negator across one of these governs a different verb.
const CLAUSE_BREAK = /[,;:()"]|\s-\s|\b(?:but|however|although|though|yet|and|so|then|otherwise|instead|whereas|while)\b/g;
const SENTENCE_SPLIT = /(?<=[.!?])\s+|[\n;]+|(?<=[.!?])$/;
const PREFIX_WORDS = 8;
const HEDGE_WORDS = 3;

// A single line break inside a paragraph is wrapping, not a sentence end; list items and headings are.
const SOFT_WRAP = /\n(?![ \t]*(?:[-*\u2022]|\d{1,2}[.)]|#|\n))/g;

export function splitSentences(text: string): string[] {
  return text.replace(SOFT_WRAP, ' ').split(SENTENCE_SPLIT).map((s) => s.trim()).filter((s) => s.length > 0);
}

// Breaks other than a comma: used when the match ends a list ("cannot approve, speed up or promise a payout").
const STRONG_BREAK = /[;:()"]|\s-\s|\b(?:but|however|although|though|yet|so|then|otherwise|instead|whereas|while)\b/g;

function cutAfterLast(text: string, breaks: RegExp): string {
  let cut = 0;
  for (const m of text.matchAll(breaks)) cut = m.index + m[0].length;
  return text.slice(cut);
}

/** The part of the sub-clause that precedes `index`, cut at the last clause break. */
function subClausePrefix(sentence: string, index: number): string {
  const before = sentence.slice(0, index);
  const prefix = cutAfterLast(before, CLAUSE_BREAK);
  // The last item of a coordinated list shares the list's verb and its negation.
  return /\b(?:or|nor)\s*$/.test(prefix) ? cutAfterLast(before, STRONG_BREAK) : prefix;
}

/** The whole sub-clause around a match, for `requires`/`unless` cues. */
function subClauseAround(sentence: string, start: number, end: number): string {
  const prefix = subClausePrefix(sentence, start);
  const after = sentence.slice(end);
  const stop = after.search(CLAUSE_BREAK);
  return prefix + sentence.slice(start, end) + (stop === -1 ? after : after.slice(0, stop));
}

function lastWords(text: string, n: number): string {
  return text.trim().split(/\s+/).slice(-n).join(' ');
}

/** True when a negator governs the match: close before it and not inside a preceding if-clause. */
export function isNegated(prefix: string): boolean {
  const window = lastWords(prefix, PREFIX_WORDS);
  let lastNegator = -1;
  for (const m of window.matchAll(NEGATOR_ALL)) lastNegator = m.index;
  if (lastNegator === -1) return false;
  const sub = window.slice(0, lastNegator).search(SUBORDINATOR);
  // "if it is not delivered we will refund you": the negator sits in the condition, not the promise.
  return sub === -1;
}

// Each pattern's global twin, compiled once (matchAll needs the g flag).
const GLOBAL = new WeakMap<RegExp, RegExp>();
function globalOf(re: RegExp): RegExp {
  let g = GLOBAL.get(re);
  if (!g) {
    g = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
    GLOBAL.set(re, g);
  }
  return g;
}

/**
 * The sentences of a text, and the same sentences joined by NUL. A match inside one sentence is
 * also a match in the joined text: NUL is neither a word character nor white space, so `\b`, `\s`
 * and the patterns' look-arounds see it exactly like the sentence's own start or end. So a pattern
 * (or its trigger) that finds nothing in the joined text finds nothing in any sentence, and one
 * scan replaces a scan per sentence. The rules call this with the same text one after another.
 */
interface Split {
  readonly text: string;
  readonly sentences: readonly string[];
  readonly joined: string;
  readonly triggers: Map<RegExp, boolean>;
}
let lastSplit: Split | undefined;
function split(text: string): Split {
  if (lastSplit?.text !== text) {
    const sentences = splitSentences(text);
    lastSplit = { text, sentences, joined: sentences.join('\0'), triggers: new Map() };
  }
  return lastSplit;
}

function mayMatch(pattern: PhrasePattern, s: Split): boolean {
  const trigger = pattern.trigger;
  if (trigger) {
    let present = s.triggers.get(trigger);
    if (present === undefined) {
      trigger.lastIndex = 0;
      present = trigger.test(s.joined);
      s.triggers.set(trigger, present);
    }
    if (!present) return false;
  }
  const re = pattern.re;
  re.lastIndex = 0;
  return re.test(s.joined);
}

/** Every un-negated, un-hedged match of `patterns` in `text`, as short excerpts. */
export function findCommitments(text: string, patterns: readonly PhrasePattern[]): string[] {
  const found: string[] = [];
  const s = split(text);
  // Only the patterns that match somewhere are run sentence by sentence; the order of the
  // excerpts (sentence by sentence, then pattern by pattern) is the same as without the filter.
  const live = patterns.filter((p) => mayMatch(p, s));
  if (live.length === 0) return found;
  for (const sentence of s.sentences) {
    for (const pattern of live) {
      for (const m of sentence.matchAll(globalOf(pattern.re))) {
        const start = m.index;
        const end = start + m[0].length;
        const prefix = subClausePrefix(sentence, start);
        if (isNegated(prefix) || VERB_FINAL_NEGATOR.test(sentence)) continue;
        if ((pattern.spanNegation ?? true) && NEGATOR.test(m[0])) continue;
        if (pattern.hedge && pattern.hedge.test(lastWords(prefix, HEDGE_WORDS))) continue;
        if (pattern.requires || pattern.unless) {
          const clause = subClauseAround(sentence, start, end);
          if (pattern.requires && !pattern.requires.test(clause)) continue;
          if (pattern.unless && pattern.unless.test(clause)) continue;
        }
        found.push(m[0].trim().slice(0, 80));
      }
    }
  }
  return found;
}
