// Reading a message for everything in it: every identifier, every question, the error texts and
// what the visitor asks for (cue words from the language data). Pure; the classifier's intent is
// one signal among these, not the whole story.
import type { Cue, CueHits, Lexicon, LexiconReading } from '../language/lexicon.js';
import type { Intent, Understanding } from '../understanding/vocabulary.js';

/** Below this, an intent does not open or switch a topic on its own. */
export const TOPIC_CONFIDENCE = 0.55;
/** Orders handled in one message (each with its own ownership check, under the same guess limits). */
export const MAX_ORDERS_PER_TURN = 3;
/** Questions of one message answered from the help articles. */
export const MAX_QUESTIONS = 3;

export type Attribute = 'min' | 'max' | 'price' | 'refill' | 'cancel' | 'dripfeed' | 'speed';
const ATTRIBUTE_CUES: readonly Attribute[] = ['min', 'max', 'price', 'refill', 'cancel', 'dripfeed', 'speed'];

export type Social = 'greeting' | 'thanks' | 'acknowledge' | 'goodbye';

export interface Proof {
  email?: string;
  link?: string;
  accountId?: string;
}

export interface Reading {
  /** The classifier's intent when it is confident enough to steer, else null. */
  intent: Intent | null;
  cues: CueHits;
  orderIds: string[];
  proof: Proof;
  serviceIds: string[];
  /** Platforms and kinds named in the message ("tiktok", "followers"). */
  platforms: string[];
  kinds: string[];
  /** Service rules asked about, from cue words. */
  attributes: Attribute[];
  apiErrors: string[];
  /** `action=…` as written in an API request. */
  apiAction: string | null;
  quantity: number | null;
  /** A quantity the message states as one ("5k followers", "quantity=50"), not just a lone number. */
  statedQuantity: number | null;
  /** A lone number nothing explains (no unit, no label), e.g. a corrected ID: "oops, I meant 1215". */
  bareNumber: string | null;
  paymentReferences: string[];
  referral: string | null;
  /** The message cut into its questions (at question marks and line ends), for the help articles. */
  questions: string[];
  /** The questions (ending in a question mark) that name no order, service, error or reference: only an article can answer them. */
  looseQuestions: string[];
  /** How many words the message has. */
  words: number;
  /** Set when the message is only social talk ("thanks!", "ok", "hi"). */
  social: Social | null;
  /** Where each identifier first appears, so several answers follow the visitor's order. */
  positions: { orders: number; services: number; errors: number };
}

export interface ReadOptions {
  lexicon: Lexicon;
  /** What the panel accepts as an order ID (whole match). */
  orderIdPattern: RegExp;
}

// Shapes, not words (the words are the language data's labels): "u-10633"-style account IDs,
// `action=add` from an API request, `?ref=` in a referral link.
const ACCOUNT_ID_SHAPE = /^#?[A-Za-z]{0,4}-?\d{2,12}$/;
const ACCOUNT_ID_ALONE = /(?<![\w-])([a-z]{1,3}-\d{3,10})(?![\w-])/i;
const REFERRAL_SHAPE = /^(?=.*\d|[A-Z0-9_-]+$)[A-Za-z0-9_-]{3,32}$/;
const REFERRAL_IN_LINK = /[?&]ref=([A-Za-z0-9_-]{3,32})/i;
const API_ACTION = /\baction\s*[=:]\s*([a-z_]{3,20})\b/i;
const TOKEN = /[^\s,;!?()"'<>]+/g;

export function readMessage(text: string, u: Understanding, options: ReadOptions): Reading {
  const lx = options.lexicon.read(text);
  const { cues } = lx;
  // "I meant instagram, not tiktok": a name right after a negation is taken back too.
  const afterNegation = (n: { at: number }) => lx.spans('negation').some((s) => n.at >= s.end && n.at - s.end <= 2);
  const platforms = lx.platforms.filter((n) => !afterNegation(n));
  const kinds = lx.kinds.filter((n) => !afterNegation(n));
  const lower = text.toLowerCase();
  const negated = negatedValues(text, lx);
  const e = u.entities;
  const orderIds = orderIdsIn(text, e.order_id ?? [], options.orderIdPattern).filter((id) => !negated.has(id)).slice(0, MAX_ORDERS_PER_TURN);
  const accountId = valueAfter(lx, 'account_label', text, ACCOUNT_ID_SHAPE)?.replace(/^#/, '') ?? ACCOUNT_ID_ALONE.exec(text)?.[1];
  const serviceIds = (e.service_id ?? []).filter((id) => !negated.has(id));
  const apiErrors = [...new Set(e.api_error ?? [])].slice(0, MAX_ORDERS_PER_TURN);
  const explained = [...orderIds, ...serviceIds, ...(e.quantity ?? []), ...apiErrors.flatMap((err) => err.match(/\d+/g) ?? [])];
  return {
    intent: u.confidence >= TOPIC_CONFIDENCE ? u.intent : null,
    cues,
    orderIds,
    proof: {
      ...(e.email?.length ? { email: e.email[e.email.length - 1] } : {}),
      ...(e.link?.length ? { link: e.link[e.link.length - 1] } : {}),
      ...(accountId ? { accountId } : {}),
    },
    serviceIds,
    platforms: platforms.map((p) => p.name),
    kinds: kinds.map((k) => k.name),
    // "When will it finish?" asks a service's pace as much as "how fast".
    attributes: ATTRIBUTE_CUES.filter((a) => cues.has(a) || (a === 'speed' && cues.has('eta'))),
    apiErrors,
    apiAction: API_ACTION.exec(text)?.[1]?.toLowerCase() ?? null,
    quantity: quantityIn(text, e.quantity, explained),
    statedQuantity: e.quantity?.[0] ? Number(e.quantity[0]) : null,
    bareNumber: loneNumber(text, explained),
    paymentReferences: e.payment_reference ?? [],
    referral: valueAfter(lx, 'referral_label', text, REFERRAL_SHAPE) ?? REFERRAL_IN_LINK.exec(text)?.[1] ?? null,
    questions: questionsIn(text).map((q) => q.text),
    looseQuestions: questionsIn(text).filter((q) => /[?？؟]$/.test(q.text) && !namesAnObject(q, lx, entityValues(e))).map((q) => q.text),
    words: text.split(/[^\p{L}\p{N}]+/u).filter(Boolean).length,
    social: socialOnly(text, e, lx) ?? socialByIntent(u, e, lx),
    positions: {
      orders: firstPosition(lower, orderIds),
      services: Math.min(firstPosition(lower, serviceIds), ...[...platforms, ...kinds].map((n) => n.at)),
      errors: firstPosition(lower, apiErrors.map((err) => err.toLowerCase())),
    },
  };
}

/** The order IDs the extractor found, and tokens in the panel's own ID shape when that shape is not all digits. */
function orderIdsIn(text: string, extracted: readonly string[], pattern: RegExp): string[] {
  const shaped = [...text.matchAll(TOKEN)].map((m) => m[0].replace(/^#/, '').replace(/[.:]+$/, ''))
    .filter((token) => /[A-Za-z]/.test(token) && pattern.test(token));
  return [...new Set([...extracted, ...shaped])].filter((id) => pattern.test(id));
}

/** Values right after a negation ("service 2305 not 2310"): the visitor is taking them back. */
function negatedValues(text: string, lx: LexiconReading): Set<string> {
  const out = new Set<string>();
  for (const span of lx.spans('negation')) {
    const after = /^\s*(?:[\p{L}]+\s*){0,2}#?\s*([A-Za-z0-9_-]*\d[A-Za-z0-9_-]*)/u.exec(text.slice(span.end, span.end + 40));
    if (after?.[1]) out.add(after[1]);
  }
  return out;
}

/** The quantity the visitor sent: the extractor's, else a lone number no identifier explains ("i sent 300"). */
function quantityIn(text: string, extracted: readonly string[] | undefined, explained: readonly string[]): number | null {
  const first = extracted?.[0] ?? loneNumber(text, explained);
  return first === null ? null : Number(first);
}

function loneNumber(text: string, explained: readonly string[]): string | null {
  const taken = new Set(explained);
  for (const m of text.matchAll(/(?<![\w.,/:-])(\d{1,9})(?![\w.,/:%-])/g)) {
    if (!taken.has(m[1] as string)) return m[1] as string;
  }
  return null;
}

/** Every identifier value the extractors found, lower-cased. */
const entityValues = (e: Understanding['entities']) => Object.values(e).flat().map((v) => v.toLowerCase());

/** Whether a question carries an identifier, an error or a service named in words. */
function namesAnObject(q: Question, lx: LexiconReading, values: readonly string[]): boolean {
  const inside = (n: { at: number }) => n.at >= q.start && n.at < q.end;
  const lower = q.text.toLowerCase();
  return values.some((v) => lower.includes(v)) || lx.platforms.some(inside) || lx.allKinds.some(inside);
}

interface Question {
  text: string;
  start: number;
  end: number;
}

/** The message cut at question marks and line ends, each piece with where it sits. */
function questionsIn(text: string): Question[] {
  const out: Question[] = [];
  for (const m of text.matchAll(/[^?？؟\n]*(?:[?？؟]+|\n|$)/g)) {
    const raw = m[0];
    const trimmed = raw.trim();
    if (!/[\p{L}]{2,}/u.test(trimmed)) continue;
    const start = m.index + raw.indexOf(trimmed);
    out.push({ text: trimmed, start, end: start + trimmed.length });
    if (out.length === MAX_QUESTIONS) break;
  }
  return out;
}

const SOCIAL_ORDER: readonly Social[] = ['goodbye', 'thanks', 'acknowledge', 'greeting'];
const SOCIAL_CUES: ReadonlySet<Cue> = new Set([...SOCIAL_ORDER, 'correction', 'own']);

/** A message that only thanks, greets, agrees or says goodbye: what is left without those words is a word or two at most. */
function socialOnly(text: string, entities: Understanding['entities'], lx: LexiconReading): Social | null {
  const { cues } = lx;
  if (Object.keys(entities).length > 0) return null;
  // "ok, and when?" asks something: only social words may be found.
  if ([...cues.keys()].some((c) => !SOCIAL_CUES.has(c))) return null;
  const found = SOCIAL_ORDER.filter((s) => cues.has(s));
  if (found.length === 0) return null;
  let rest = text.toLowerCase();
  const spans = found.flatMap((s) => lx.spans(s)).sort((a, b) => b.start - a.start);
  for (const span of spans) rest = `${rest.slice(0, span.start)} ${rest.slice(span.end)}`;
  const words = rest.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  return words.length <= 2 ? found[0] ?? null : null;
}

/** "Thank you so much, you've been very helpful!": the classifier is sure it is only thanks or a greeting, and nothing else is asked. */
function socialByIntent(u: Understanding, entities: Understanding['entities'], lx: LexiconReading): Social | null {
  if (u.confidence < TOPIC_CONFIDENCE || Object.keys(entities).length > 0 || [...lx.cues.keys()].some((c) => !SOCIAL_CUES.has(c))) return null;
  if (u.intent === 'greeting') return 'greeting';
  if (u.intent === 'goodbye') return lx.cues.has('thanks') ? 'thanks' : 'goodbye';
  return null;
}

function firstPosition(lower: string, values: readonly string[]): number {
  const at = values.map((v) => lower.indexOf(v.toLowerCase())).filter((i) => i >= 0);
  return at.length ? Math.min(...at) : Infinity;
}

/** One of the two tokens after a label's phrase ("account u-10633", "account is 55120") with the value's shape. */
function valueAfter(lx: LexiconReading, label: Cue, text: string, shape: RegExp): string | undefined {
  for (const span of lx.spans(label)) {
    const tokens = text.slice(span.end, span.end + 60).split(/[\s:=#()]+/).filter(Boolean).slice(0, 2);
    const value = tokens.map((t) => t.replace(/[.,;!?"'<>]+$/, '')).find((t) => shape.test(t));
    if (value) return value;
  }
  return undefined;
}
