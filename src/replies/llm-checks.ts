// Cheap, deterministic checks on what the model wrote, before the guard sees it. They don't judge
// tone; they catch the ways a rephrasing goes wrong: a dropped order ID, a leaked prompt, an added
// link or markup, and anything the draft did not say. Any failure means "send the template instead".
//
// The rule for additions (issue 18): the model's text may only say what the draft says.
// - new_claim: every number, identifier, email, money amount, status word and time word in the
//   output must be in the draft or the template's facts (the values it was filled with).
// - not_a_rephrasing: every sentence of the output must be a rephrasing of the draft's: most of
//   its content words are the draft's (or close synonyms), it keeps the negation of the draft
//   sentence it rephrases, and it is in the draft's script. Courtesy ("Thanks for waiting!") is
//   allowed; a new sentence ("We owe you a refund.", "Reembolso aprobado.") is not.
// The output is read as the visitor sees it (the guard's visibleText: look-alike and invisible
// characters cannot hide a number or a word from these checks).
import { splitSentences } from '../guard/clauses.js';
import { canonicalForm, visibleText } from '../guard/normalise.js';
import { factNumbers, findNumbers } from '../guard/numbers.js';
import { PROMPT_CANARY } from './llm-prompts.js';

export type OutputProblem = 'empty' | 'too_long' | 'unfaithful' | 'markup' | 'leak' | 'new_claim' | 'not_a_rephrasing';

export const MAX_OUTPUT_CHARS = 800;

const URL = /\b(?:https?|ftp):\/\/[^\s<>"'`)\]]+[^\s<>"'`)\].,;:!?]/gi;
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
/** A run of letters/digits, possibly joined by . _ - / : (12.50, 2024-05-01, ORD-7731, 12:30). */
const TOKEN = /[\p{L}\p{N}](?:[\p{L}\p{N}._\-/:]*[\p{L}\p{N}])?/gu;
const DIGIT = /\p{N}/u;
/** Quoted names: the help article's title, the panel's raw status, an error text. */
const QUOTED = /"([^"\n]{1,80})"|`([^`\n]{1,80})`|“([^”\n]{1,80})”/g;
const MARKUP = /!\[|<\s*\/?\s*[a-z!][^>]*>|javascript:|data:text\/html/i;

/** Every number, identifier, email, link and quoted name in the template reply. */
export function identifiersIn(text: string): Set<string> {
  const found = new Set<string>();
  for (const m of text.matchAll(URL)) found.add(m[0]);
  for (const m of text.matchAll(EMAIL)) found.add(m[0].toLowerCase());
  for (const m of text.matchAll(TOKEN)) if (DIGIT.test(m[0])) found.add(m[0]);
  return found;
}

function quotedIn(text: string): string[] {
  return [...text.matchAll(QUOTED)].map((m) => (m[1] ?? m[2] ?? m[3] ?? '').trim()).filter(Boolean);
}

/** What the model may not do to a template; undefined means the output may go on to the guard. */
export function findOutputProblem(output: string, template: string, systemPrompt: string, maxChars = MAX_OUTPUT_CHARS, facts: readonly string[] = []): OutputProblem | undefined {
  if (output.trim() === '') return 'empty';
  if (output.length > maxChars) return 'too_long';
  if (leaksPrompt(output, systemPrompt)) return 'leak';
  if (MARKUP.test(output) && !MARKUP.test(template)) return 'markup';
  const templateLinks = new Set([...template.matchAll(URL)].map((m) => m[0]));
  if ([...output.matchAll(URL)].some((m) => !templateLinks.has(m[0]))) return 'markup';
  const kept = identifiersIn(output);
  for (const id of identifiersIn(template)) if (!kept.has(id)) return 'unfaithful';
  const lower = output.toLowerCase();
  for (const q of quotedIn(template)) if (!lower.includes(q.toLowerCase())) return 'unfaithful';
  const visible = visibleText(output);
  if (addsClaim(visible, template, facts)) return 'new_claim';
  if (!rephrases(visible, template, facts)) return 'not_a_rephrasing';
  return undefined;
}

// --- new claims: numbers, identifiers, emails, money, statuses, times

const SPELLED_NUMBER =
  /\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|dozen|half|double|twice|triple)\b/g;
const MONEY = /[$€£₹¥₽₺]|\b(?:usd|eur|gbp|inr|rub|try|idr|brl|dollars?|euros?|pounds?|cents?|rupees?|bucks|usdt|btc|eth)\b/g;
// The panel's order statuses and the words for a decision on money.
const STATUS =
  /\b(?:pending|processing|in progress|completed|partial|partially|canceled|cancelled|refunded|rejected|approved|declined|accepted|confirmed|paid|credited|failed|expired|resolved|granted|issued)\b/g;
const TIME =
  /\b(?:today|tomorrow|tonight|yesterday|weekend|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|june|july|august|september|october|november|december|minutes?|hours?|days?|weeks?|months?|years?|noon|midnight|morning|evening|afternoon|weekly|daily|monthly|asap|instantly|immediately|shortly)\b/g;
// Courtesy that mentions a day without saying anything about one.
const COURTESY_TIME = /\b(?:have|enjoy) a (?:good|great|nice|lovely|wonderful) (?:day|evening|weekend)\b|\bgood (?:morning|evening|afternoon)\b|\b(?:help|assist|do for)(?: you)?(?: with)? today\b/g;

function addsClaim(output: string, template: string, facts: readonly string[]): boolean {
  const sources = [template, ...facts];
  const known = visibleText(sources.join('\n')).toLowerCase();
  const numbers = factNumbers(sources.map((s) => visibleText(s)));
  for (const mention of findNumbers(output, true)) {
    const ok = mention.identifier ? known.includes(mention.identifier) : mention.values.some((v) => numbers.has(v));
    if (!ok) return true;
  }
  for (const m of output.matchAll(EMAIL)) if (!known.includes(m[0].toLowerCase())) return true;
  const words = output.toLowerCase().replace(COURTESY_TIME, ' ');
  for (const re of [SPELLED_NUMBER, MONEY, STATUS, TIME]) {
    for (const m of words.matchAll(re)) if (!new RegExp(`(?:^|[^\\p{L}])${escape(m[0])}`, 'u').test(known)) return true;
  }
  return false;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// --- rephrasing: each sentence of the output says what a sentence of the draft says

// Words that carry no claim of their own: function words, courtesy, and the bot's own voice.
const STOP = new Set(
  `a an the and or but so to of in on at for with by from about as into onto than then that this these those it its is are was were be been being am
  do does did have has had will would shall should can could may might must i me my mine we us our ours you your yours they them their he she his her
  what which who whom whose where when how why there here just also too very really please thanks thank sorry hi hello hey welcome great good nice happy
  glad sure okay ok course certainly absolutely right any all some more much many anything something everything else again still already only even
  well let know need needs want like get got make made way one ones note understand appreciate patience hope helps helpful assist help apologise
  apologize apologies inconvenience frustrating frustration if yes sir madam dear today's news thing things lot bit quick quickly kindly feel free
  happy say says said tell told see look looking able now once today along over out up down off back through yourself myself ourselves themselves`.split(/\s+/),
);
// Close synonyms a rephrasing uses, mapped to one word.
const SYNONYMS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b(?:under ?way|ongoing|in progress|running|moving along|progressing)\b/g, 'progress'],
  [/\b(?:purchase|purchases)\b/g, 'order'],
  [/\b(?:agent|agents|human|humans|staff|someone|colleague|colleagues|representative|teammate|teammates|member of (?:our|the) team|support team|support)\b/g, 'person'],
  [/\b(?:check|checks|checked|checking|verify|review|reviews|reviewed|investigate|examine|looks? into|look at)\b/g, 'check'],
  [/\b(?:share[ds]?|sharing|provided?|paste[ds]?|give|gave|given|giving|sen[dt]|sending)\b/g, 'send'],
  [/\b(?:forward(?:ed)?|hand(?:ed)? (?:it |this |them )?(?:over|on)|escalated?|connect(?:ed)?|transfer(?:red)?|pass(?:ed)?)\b/g, 'passed'],
  [/\b(?:cover(?:s|ing)?|explain(?:s|ed|ing)?|answers (?:that|this|it)|address(?:es)?)\b/g, 'explain'],
  [/\b(?:begun|began|begin|kicked off)\b/g, 'started'],
  [/\b(?:respond|responds|answer|answers|get back to you)\b/g, 'reply'],
  [/\b(?:issue|issues|trouble)\b/g, 'problem'],
  [/\b(?:number)\b/g, 'id'],
  [/\b(?:chat)\b/g, 'conversation'],
  [/\b(?:unable|cannot|can't)\b/g, 'not'],
];
const NEGATED = /\b(?:not|never|no|none|nobody|nothing|neither|nor|without|unable|refuse|decline)\b/;

// Courtesy a rephrasing may add, taken out before its words are compared.
const COURTESY =
  /\b(?:(?:i am |i'm |we are |we're )?(?:so |very |really )?sorry (?:for|about) (?:the|any|all the|this) (?:trouble|inconvenience|wait|waiting|delay|confusion|hassle)|thanks? (?:you )?(?:so much |very much )?for (?:your patience|waiting|reaching out|asking|your message|your question|getting in touch|contacting us|letting (?:me|us) know)|(?:i am |i'm )?happy to help|i (?:completely |totally )?understand(?: your (?:concern|frustration))?|i hope (?:this|that) helps|(?:have|enjoy) a (?:good|great|nice|lovely|wonderful) (?:day|evening|weekend)|let (?:me|us) know if (?:you need|there is|there's) anything else|good (?:morning|afternoon|evening))\b/g;

/** Sentences, and the clauses a colon or semicolon separates ("X isn't possible: our team decides"). */
function units(text: string): string[] {
  return splitSentences(text).flatMap((s) => s.split(/[:;]\s+/)).map((s) => s.trim()).filter(Boolean);
}

function stem(word: string): string {
  return word.replace(/(?:'s|ies|es|s|ed|ing|ly)$/, '').replace(/(.)\1$/, '$1');
}

/** "undelivered" → "not delivered": the same meaning as the words a rephrasing uses for it. */
const plainNegation = (text: string): string => canonicalForm(text).replace(/\bun([a-z]{3,}ed)\b/g, 'not $1');

function contentWords(text: string): string[] {
  let t = plainNegation(text).replace(COURTESY, ' ');
  for (const [re, to] of SYNONYMS) t = t.replace(re, to);
  return (t.match(/[\p{L}][\p{L}'-]*/gu) ?? []).filter((w) => w.length > 1 && !STOP.has(w) && !NEGATED.test(w)).map(stem);
}

const NON_LATIN = /[^\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}]/u;

function rephrases(output: string, template: string, facts: readonly string[]): boolean {
  const draftSentences = units(template).map((s) => ({ words: new Set(contentWords(s)), negated: NEGATED.test(plainNegation(s)) }));
  const allowed = new Set([...draftSentences.flatMap((s) => [...s.words]), ...facts.flatMap((f) => contentWords(f))]);
  const draftScript = NON_LATIN.test(template);
  for (const sentence of units(output)) {
    if (!draftScript && NON_LATIN.test(sentence.replace(/[\p{N}\p{P}\p{S}\s]/gu, ''))) return false;
    const words = contentWords(sentence);
    if (words.length === 0) continue; // courtesy only
    const unknown = words.filter((w) => !allowed.has(w)).length;
    if (unknown * 3 > words.length) return false;
    // The draft sentence it rephrases (most words in common) must have the same polarity.
    let best: (typeof draftSentences)[number] | undefined;
    let bestShared = 0;
    for (const d of draftSentences) {
      const shared = words.filter((w) => d.words.has(w)).length;
      if (shared > bestShared) {
        best = d;
        bestShared = shared;
      }
    }
    // A negated sentence must rephrase a negated one ("I can't approve refunds"), and an affirmative
    // one the draft sentence it shares most with: a dropped "not" is a new claim.
    const negated = NEGATED.test(plainNegation(sentence));
    if (negated ? !draftSentences.some((d) => d.negated && words.some((w) => d.words.has(w))) : best?.negated === true) return false;
  }
  return true;
}

/** The canary, or any substantial line of the system prompt repeated verbatim. */
function leaksPrompt(output: string, systemPrompt: string): boolean {
  if (PROMPT_CANARY.test(output)) return true;
  const lower = output.toLowerCase();
  return systemPrompt.split('\n')
    .map((line) => line.replace(/^[-*\s]+/, '').trim().toLowerCase())
    .filter((line) => line.length >= 40)
    .some((line) => lower.includes(line.slice(0, 60)));
}

/** Models like to wrap a rewrite in quotes or a label; strip that, nothing else. */
export function tidyOutput(raw: string): string {
  let text = raw.trim().replace(/^(?:rewritten reply|reply)\s*:\s*/i, '');
  const wrapped = /^(["“'])([\s\S]*)(["”'])$/.exec(text);
  if (wrapped && !/["“”]/.test(wrapped[2] ?? '')) text = (wrapped[2] ?? '').trim();
  return text;
}
