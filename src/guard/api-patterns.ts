// Claims about API behaviour that no panel documents (panel-api.md §4.8: rate limits are
// undocumented; §1.2: `add` is not idempotent). The bot may repeat the docs, never extend them.
import type { PhrasePattern } from './clauses.js';

// These claims carry their own negator ("never", "no"), so the span is not checked for negation;
// a negator just before the claim ("I can't promise it will never…") still cancels it.
const CLAIM = { spanNegation: false } as const;

const API_VERBS =
  '(?:work|works|succeed|respond|answer|accept|go through|pass|be (?:up|available|online|fast|accepted|there|stable|reliable)|fail|rate[- ]?limit|throttle|block|ban|reject|go down|time ?out|error|break|return|limit|charge|duplicate|lose)';

export const API_PATTERNS: readonly PhrasePattern[] = [
  // "this will always work", "the API will never rate-limit you", "it'll never time out".
  { re: new RegExp(`\\b(?:will|shall|is going to|are going to)\\s+(?:\\w+\\s+)?(?:always|never|ever)\\s+(?:\\w+\\s+){0,2}?${API_VERBS}`), ...CLAIM },
  // "it will definitely work", "your request will surely go through".
  { re: /\b(?:will|shall)\s+(?:definitely|certainly|surely|100%|absolutely|for sure)\s+(?:work|succeed|go through|be accepted|pass|respond)\b/ },
  // "you never get rate limited", "requests are never throttled".
  { re: /\bnever\s+(?:get\s+|be\s+|gets\s+|is\s+|are\s+)?(?:rate[- ]?limited|throttled|blocked|banned|rejected|limited|charged twice|duplicated|down)\b/, ...CLAIM },
  // "there are no rate limits", "no downtime", "without any throttling".
  { re: /\b(?:no|zero|without(?: any)?)\s+(?:rate[- ]?limits?|rate[- ]?limiting|throttling|request limits?|limits on (?:requests|calls)|downtime|outages?)\b/, ...CLAIM },
  { re: /\bunlimited\s+(?:api\s+)?(?:requests|calls|api|usage|rate|access|orders)\b/ },
  { re: /\b(?:100 ?%|guaranteed|perfect)\s+(?:uptime|availability|success rate|reliability)\b/ },
  { re: /\b(?:uptime|availability)\s+(?:is\s+)?(?:guaranteed|100 ?%)/ },
  // Retrying `add` can create a second order; nobody may tell a developer it is safe.
  { re: /\b(?:safe|fine|ok|okay|harmless)\s+to\s+(?:blindly\s+|just\s+|simply\s+)?(?:retry|resend|re-send|repeat|send (?:it )?again)\b/ },
  { re: /\b(?:is|are)\s+(?:fully\s+|completely\s+|always\s+)?idempotent\b/ },
  { re: /\bas many (?:requests|calls|orders) as you (?:want|like|need)\b/ },
  // "the API is guaranteed to…", "this is guaranteed to work".
  { re: /\b(?:is|are)\s+guaranteed\s+to\s+(?:work|succeed|respond|be)\b/ },
];
