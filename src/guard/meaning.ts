// Commitments recognised by what a clause means, not by a list of phrasings. A clause commits the
// shop when it puts together
//   a topic:  money, a refund or compensation, balance or credit, a refill, a commission, a payout;
//   a grant:  that the thing has been or will be given: a future ("will arrive", "recibirá"), a
//             done act or state ("has been topped up", "одобрен"), money moving to the visitor
//             ("goes back to your balance"), a receipt ("you'll get"), a debt ("we owe you"), a
//             certainty ("rest assured", "always succeeds"), a time or schedule ("every Monday"),
//             a first-person offer ("I can refund that") or a bare announcement ("Refund approved"),
// and nothing takes it back:
//   negation: a negator before the grant in the same clause ("no refund has been issued");
//   a hedge:  a modal before it ("may be added"), or the grant sits in a condition or an indirect
//             question ("whether you are eligible for a refund");
//   the facts' own terms: the shop's or panel's rules, the panel's statuses or the panel itself as
//             the actor ("under the panel's rules, the charge goes back to your balance", "for
//             Partial orders the panel returns…"), or a decision still to come ("if approved",
//             "only after the network has confirmed it"). These never excuse a first-person act,
//             a guarantee or a time.
// Decision verbs ("an agent will review"), process nouns ("your refund request", "solicitud de
// reembolso") and availability ("refills: offered") are not grants. The vocabulary, in nine
// languages, is in meaning-lexicon.ts; deadlines in other languages use the same frames.
import { WordLists, type WordMatch } from './word-list.js';
import {
  CLAUSE_BREAKS, EXCUSES, GRANT_CUES, NEGATORS, PROCESS_AFTER, PROCESS_BEFORE, RULE_PERIOD, TOPIC_WORDS, TURKISH_NEGATIVE_VERB,
  type CueKind, type TopicId,
} from './meaning-lexicon.js';

const B = '(?<![\\p{L}\\p{N}])';
const E = '(?![\\p{L}\\p{N}])';
const anyOf = (alts: readonly string[]): string => `(?:${alts.join('|')})`;
const words = (alts: readonly string[], flags = 'u'): RegExp => new RegExp(`${B}${anyOf(alts)}${E}`, flags);

const PROCESS_NEXT = new RegExp(`^\\s*(?:\\p{L}+\\s+)?${anyOf(PROCESS_AFTER)}${E}`, 'u');
const PROCESS_PREV = new RegExp(`${B}${anyOf(PROCESS_BEFORE)}\\s*(?:(?:the|a|an|your|la|el|le|un|una|o|um|uma|votre|su|sua|seu)\\s+)?$`, 'u');

const KINDS = Object.keys(GRANT_CUES) as CueKind[];
// Every word list, scanned in one pass per text (word-list.ts). All topics are one list: a word
// naming two topics ("affiliate balance") counts for the first listed.
type ListName = 'topic' | CueKind;
// Topics and times are looked for first: most replies name neither, and then nothing else runs.
const FIRST_LISTS = new WordLists<'topic' | 'time'>({ topic: TOPIC_WORDS, time: { time: GRANT_CUES.time } });
const CUE_LISTS = new WordLists<Exclude<CueKind, 'time'>>(
  Object.fromEntries(KINDS.filter((k) => k !== 'time').map((k) => [k, { [k]: GRANT_CUES[k] }])) as unknown as Record<Exclude<CueKind, 'time'>, Record<string, readonly string[]>>,
);
// "payments that are reversed", "what was delivered": a relative clause describes, it does not assert.
const RELATIVE_BEFORE = /(?<![\p{L}])(?:that|which|what|who|que|qui|который|которые|которая|которое)\s+$/u;
// "orders are paid from your balance": money leaving the visitor is not a grant.
const LEAVING_AFTER = /^\s+(?:from|out of|off)(?![\p{L}])/u;
// Announcements are only claims right next to a topic word ("refund approved", "approved: refund").
const ANNOUNCE_GAP = /^[\s:!\-–—]{0,4}(?:(?:full|partial|fully|now|officially|de|des|du|dos|das|средств|денег|dana|uang)\s+)?$/u;

const NEGATOR = new RegExp(`${B}${anyOf(NEGATORS)}${E}`, 'gu');
const NEGATOR_IN = new RegExp(`${B}${anyOf(NEGATORS)}${E}`, 'u');
const VERB_FINAL_NEGATOR = new RegExp(`${B}(?:${TURKISH_NEGATIVE_VERB}|degil|yok|nahi|nahin|nhi)${E}`, 'u');
const SUBORDINATOR = /(?<![\p{L}])(?:if|whether|unless|when|once|in case|si|se (?:o|a|for|voce)|caso|cuando|quando|lorsque|если|ли|eger|jika|kalau|apabila|bila|اذا|agar|ob)(?![\p{L}])/u;
const CONDITION_BEFORE = new RegExp(`${B}(?:if|whether|unless|when|once|in case|before|until|after|check|see|know|decide|decides|confirm|confirms|review|reviews|si|caso|cuando|quando|lorsque|если|eger|jika|kalau|apabila|bila|اذا|agar)(?:\\s+\\S+){0,3}\\s*$`, 'u');
const HEDGE = words(EXCUSES.hedge);
const RULES = words(EXCUSES.rules);
const PANEL = words(EXCUSES.panel);
const DEFERRAL = words(EXCUSES.deferral);
const PERIOD_AFTER = new RegExp(`^(?:\\s+\\S+){0,4}?\\s+${anyOf(RULE_PERIOD)}${E}`, 'u');
const FIRST_PERSON = /(?<![\p{L}])(?:i|we|me|us|let me|let us|allow me)(?![\p{L}])/u;

const BREAK_WORDS = anyOf(CLAUSE_BREAKS);
const CLAUSE_BREAK = new RegExp(`[,;:()"]|\\s-\\s|${B}${BREAK_WORDS}${E}`, 'gu');
const STRONG_BREAK = new RegExp(`[;:()"]|\\s-\\s|${B}${BREAK_WORDS}${E}`, 'gu');
const LIST_CONTINUES = /(?<![\p{L}])(?:or|nor|o|ou|или|ni|veya|ya da|atau|او|ya)(?![\p{L}])/u;
const NO_SUBJECT = /^\s*(?:will|shall|is|are|was|were|has|have|had|should|would|can|could|be|been|being|got|gets|get|then|also|already|now|soon)(?![\p{L}])/u;
const PRONOUN = /(?<![\p{L}])(?:it|this|that|they|them|lo|il|elle|это|его|onu|itu|ini|ye|yeh|woh)(?![\p{L}])/u;
const DELIVERY = words([
  'deliver\\p{L}*', 'arriv\\p{L}*', 'complet\\p{L}*', 'finish\\p{L}*', 'done', 'ready', 'start\\p{L}*', 'entreg\\p{L}*', 'lleg\\p{L}*', 'cheg\\p{L}*', 'termin\\p{L}*', 'conclu\\p{L}*', 'livr\\p{L}*', 'achev\\p{L}*',
  'доставл\\p{L}*', 'доставк\\p{L}*', 'выполн\\p{L}*', 'заверш\\p{L}*', 'придут', 'придет', 'начн\\p{L}*', 'teslim\\p{L}*', 'tamamlan\\p{L}*', 'bitecek', 'biter', 'selesai', 'dikirim', 'terkirim', 'tiba', 'sampai',
  'توصيل', 'تسليم', 'اكتمال', 'سيكتمل', 'سيصل', 'يصل', 'deliver ho', 'pura ho\\p{L}*', 'complete ho\\p{L}*', 'pahunch\\p{L}*',
]);

// A single line break inside a paragraph is wrapping, not a sentence end (as in clauses.ts).
const SOFT_WRAP = /\n(?![ \t]*(?:[-*\u2022]|\d{1,2}[.)]|#|\n))/g;
const SENTENCE_END = /(?<=[.!?])\s+|[\n;]+/g;

interface Span {
  readonly start: number;
  readonly end: number;
}

/** A clause, with where its strong segment (the span a condition or attribution may govern) starts. */
interface Clause extends Span {
  readonly segmentStart: number;
}

interface Sentence extends Span {
  readonly clauses: readonly Clause[];
}

const starts = (text: string, re: RegExp): number[] => [...text.matchAll(re)].map((m) => m.index + m[0].length);

/** Sentences and their clauses as spans of the text: every lookup below is by position, so each regex runs once per text. */
function segment(text: string): Sentence[] {
  const clauseCuts = starts(text, CLAUSE_BREAK);
  const strongCuts = starts(text, STRONG_BREAK);
  const sentences: Sentence[] = [];
  let from = 0;
  const close = (end: number) => {
    if (/\S/.test(text.slice(from, end))) {
      const cuts = [from, ...clauseCuts.filter((c) => c > from && c < end), end + 1];
      const clauses: Clause[] = [];
      for (let i = 0; i + 1 < cuts.length; i += 1) {
        const start = cuts[i]!;
        const stop = Math.min(cuts[i + 1]! - (i + 2 < cuts.length ? 1 : 1), end);
        if (!/\S/.test(text.slice(start, stop))) continue;
        let segmentStart = from;
        for (const c of strongCuts) if (c > from && c <= start) segmentStart = c;
        clauses.push({ start, end: stop, segmentStart });
      }
      sentences.push({ start: from, end, clauses });
    }
  };
  for (const m of text.matchAll(SENTENCE_END)) {
    close(m.index);
    from = m.index + m[0].length;
  }
  close(text.length);
  return sentences;
}

interface Mention extends Span {
  readonly topic: TopicId;
}

interface Cue extends Span {
  readonly kind: CueKind;
}

function topicsIn(text: string, matches: readonly WordMatch[]): Mention[] {
  const found: Mention[] = [];
  for (const m of matches) {
    const end = m.end;
    if (PROCESS_NEXT.test(text.slice(end, end + 40)) || PROCESS_PREV.test(text.slice(Math.max(0, m.index - 40), m.index))) continue;
    found.push({ topic: m.tag as TopicId, start: m.index, end });
  }
  return found;
}

function cuesIn(text: string, scan: Readonly<Record<ListName, readonly WordMatch[]>>): Cue[] {
  const found: Cue[] = [];
  for (const kind of KINDS) {
    if (kind === 'announce') continue; // sentence-level: see announcements()
    for (const m of scan[kind]) {
      const cue = { kind, start: m.index, end: m.end };
      if (kind === 'done' && (RELATIVE_BEFORE.test(text.slice(Math.max(0, cue.start - 12), cue.start)) || LEAVING_AFTER.test(text.slice(cue.end, cue.end + 12)))) continue;
      found.push(cue);
    }
  }
  return found;
}

const within = <T extends Span>(items: readonly T[], span: Span): T[] => items.filter((x) => x.start >= span.start && x.start < span.end);

function lastNegatorBefore(text: string): number {
  let last = -1;
  for (const m of text.matchAll(NEGATOR)) last = m.index;
  return last;
}

/** A negator governs the cue: before it in its clause, and not inside an if-clause before it. */
function negated(text: string, clause: Clause, cue: Cue): boolean {
  // Turkish and Hindi put the negation after the verb ("iade edilmeyecek", "refund pakka nahi hai").
  if (VERB_FINAL_NEGATOR.test(text.slice(clause.start, clause.end))) return true;
  // "cannot approve, speed up or promise a payout": the list's last item shares its negation.
  const from = LIST_CONTINUES.test(text.slice(clause.start, cue.start)) ? clause.segmentStart : clause.start;
  // Up to the cue's start: a cue may carry its own negator ("it never fails").
  const window = text.slice(from, cue.start);
  const last = lastNegatorBefore(window);
  // "if it is not delivered we will refund you": the negator sits in the condition, not the promise.
  return last !== -1 && !SUBORDINATOR.test(window.slice(0, last));
}

/** The claim is hedged, conditional or an indirect question ("whether you are eligible for…", "may be added"). */
function hedged(text: string, clause: Clause, cue: Cue): boolean {
  const before = text.slice(clause.start, cue.start);
  return CONDITION_BEFORE.test(before) || HEDGE.test(before);
}

/** "within 30 days of completion": a rule period, not a deadline. */
function periodOnly(text: string, clause: Clause, cue: Cue): boolean {
  return cue.kind === 'time' && PERIOD_AFTER.test(text.slice(cue.end, clause.end));
}

/** Conditional or attributed in the facts' own terms; never for a first-person act, a guarantee or a time. */
function excused(text: string, sentence: Sentence, clause: Clause, cue: Cue): boolean {
  if (cue.kind === 'certain' || cue.kind === 'time' || cue.kind === 'offer') return false;
  if (FIRST_PERSON.test(text.slice(clause.start, cue.end))) return false;
  let segmentEnd = sentence.end;
  for (const c of sentence.clauses) if (c.segmentStart > clause.segmentStart) {
    segmentEnd = c.segmentStart;
    break;
  }
  const segment = text.slice(clause.segmentStart, segmentEnd);
  return RULES.test(segment) || PANEL.test(segment) || DEFERRAL.test(segment);
}

/** Claims found in one text, by topic, and timing claims for the deadline rule. */
export interface MeaningClaims {
  readonly topics: ReadonlyMap<TopicId, readonly string[]>;
  readonly deadlines: readonly string[];
}

const excerpt = (text: string): string => text.trim().slice(0, 80);
const NONE: MeaningClaims = { topics: new Map(), deadlines: [] };

function analyse(source: string): MeaningClaims {
  const text = source.replace(SOFT_WRAP, ' ');
  // Topics and times first: most replies name neither, and the cues are only read where they do.
  const first = FIRST_LISTS.scan(text);
  const mentions = topicsIn(text, first.topic);
  if (mentions.length === 0 && first.time.length === 0) return NONE;
  const sentences = segment(text);
  const marked = [...mentions.map((m) => m.start), ...first.time.map((t) => t.index)];
  const scan = { ...CUE_LISTS.scan(text, sentences.filter((s) => marked.some((i) => i >= s.start && i < s.end))), topic: first.topic, time: first.time };
  const cues = cuesIn(text, scan);
  const topics = new Map<TopicId, string[]>();
  const deadlines: string[] = [];
  const claim = (topic: TopicId, evidence: string) => (topics.get(topic) ?? topics.set(topic, []).get(topic)!).push(evidence);
  for (const sentence of sentences) {
    // What an earlier clause of the sentence set up: its topic ("As compensation, we added…";
    // "the refill button will work, it always succeeds") and a reassurance ("Rest assured, …").
    let carried: { topic: TopicId; segmentStart: number; heading: boolean } | undefined;
    let assured = false;
    for (const clause of sentence.clauses) {
      const clauseText = text.slice(clause.start, clause.end);
      const here = within(mentions, clause);
      // A clause with no subject of its own shares the last one ("your money is safe and will be returned").
      // A heading-like topic ("Your compensation: 10% off") carries over its colon too.
      const inherited = here.length === 0 && carried !== undefined && (carried.segmentStart === clause.segmentStart || carried.heading || PRONOUN.test(clauseText) || NO_SUBJECT.test(clauseText)) ? [carried.topic] : [];
      const clauseTopics = [...new Set([...here.map((m) => m.topic), ...inherited])];
      const live = within(cues, clause).filter((cue) => !negated(text, clause, cue) && !hedged(text, clause, cue) && !periodOnly(text, clause, cue));
      if (clauseTopics.length > 0) {
        const claims = live.filter((cue) => !excused(text, sentence, clause, cue));
        if (claims.length > 0 || (assured && !NEGATOR_IN.test(clauseText))) for (const topic of clauseTopics) claim(topic, excerpt(clauseText));
      }
      if (clauseTopics.length === 0 && live.some((cue) => cue.kind === 'certain')) assured = true;
      // A time with a future, a certainty or a delivery word says when work will finish.
      if (live.some((cue) => cue.kind === 'time') && (live.some((cue) => cue.kind === 'future' || cue.kind === 'certain') || DELIVERY.test(clauseText))) deadlines.push(excerpt(clauseText));
      if (here.length > 0) carried = { topic: here[here.length - 1]!.topic, segmentStart: clause.segmentStart, heading: live.length === 0 && clauseText.trim().split(/\s+/).length <= 3 };
      else if (carried) carried = { ...carried, heading: false };
    }
    for (const [topic, evidence] of announcements(text, sentence, within(mentions, sentence), scan.announce)) claim(topic, evidence);
  }
  return { topics, deadlines };
}

/** "Refund approved!", "Payout: confirmed", "Approved — full refund": a topic and a grant with nothing between. */
function announcements(text: string, sentence: Sentence, mentions: readonly Mention[], announced: readonly WordMatch[]): [TopicId, string][] {
  const found: [TopicId, string][] = [];
  if (mentions.length === 0) return found;
  const body = text.slice(sentence.start, sentence.end);
  for (const m of announced) {
    if (m.index < sentence.start || m.index >= sentence.end) continue;
    const start = m.index;
    const end = m.end;
    for (const t of mentions) {
      const adjacent = t.end <= start ? ANNOUNCE_GAP.test(text.slice(t.end, start)) : end <= t.start && ANNOUNCE_GAP.test(text.slice(end, t.start));
      if (!adjacent) continue;
      const from = Math.min(t.start, start);
      const to = Math.max(end, t.end);
      if (lastNegatorBefore(text.slice(Math.max(sentence.start, from - 40), to)) !== -1 || VERB_FINAL_NEGATOR.test(body)) continue;
      const before = text.slice(sentence.start, from);
      if (CONDITION_BEFORE.test(before) || HEDGE.test(before.trim().split(/\s+/).slice(-2).join(' '))) continue;
      found.push([t.topic, excerpt(text.slice(from, to))]);
    }
  }
  return found;
}

// The rules ask one after another about the same text: analyse it once.
let last: { text: string; claims: MeaningClaims } | undefined;

/** Every un-negated, un-excused claim in `text` (normalised, see normalise.ts). */
export function findClaims(text: string): MeaningClaims {
  if (last?.text !== text) last = { text, claims: analyse(text) };
  return last.claims;
}
