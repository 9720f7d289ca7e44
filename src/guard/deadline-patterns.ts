// Dates, durations, speed claims and guarantees. A time expression is a commitment when it says
// when something will happen; the shop's own refill window ("within 30 days of completion") is a
// rule, not a deadline, and is let through by `unless`.
import type { PhrasePattern } from './clauses.js';

const NUM_WORD =
  '(?:\\d+(?:[.,]\\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|twenty-four|thirty|forty-eight|forty|fifty|sixty|seventy-two|ninety|a hundred|hundred|a few|few|several|a couple of|couple of|a couple|some)';
const UNIT =
  '(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|wks?|months?|business days?|working days?|biz days?|moments?|(?<=\\d\\s?)(?:h|d))';
const RANGE = `${NUM_WORD}(?:\\s?(?:-|to|or|/)\\s?${NUM_WORD})?`;
const DAY =
  '(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thurs|fri|sat|sun|weekend|tomorrow|tonight|today|noon|midday|midnight|morning|evening|afternoon|end of (?:the )?(?:day|week|month|business day)|eod|eow|cob|close of business)';
const MONTH = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]{0,6}';
const CLOCK = '\\d{1,2}(?::\\d{2})?\\s?(?:am|pm)';

// What makes a bare duration a delivery claim rather than, say, an account's age.
const DELIVERY_CUE =
  /\b(?:deliver\w*|arriv\w*|start\w*|begin\w*|kick\w* in|complet\w*|finish\w*|done|ready|take|takes|took|taking|process\w*|credit\w*|reflect\w*|show\w* up|land\w*|see|expect\w*|get|receive\w*|turnaround|eta|speed|refund\w*|refill\w*|payout\w*|paid|respon\w*|reply|back to you|will|shall|going to|should|usually|typically|normally|generally|approximately|roughly|give it|wait\w*|allow)\b/;
// The refill window and other rule periods, and the past ("3 days ago").
const RULE_PERIOD =
  /\b(?:window|period|eligib\w*|of completion|after completion|since completion|from completion|after (?:it|the order|your order) (?:was |is )?completed|ago|last|past|previous|old|older|already)\b/;
const FUTURE_ACT = /\b(?:will|shall|going to|deliver\w*|arriv\w*|done|ready|finish\w*|process\w*|expect\w*)\b/;
// A rule period stays exempt only while nothing in the clause promises an act inside it.
const POLICY_ONLY = new RegExp(`^(?=[\\s\\S]*${RULE_PERIOD.source})(?![\\s\\S]*${FUTURE_ACT.source})`);

export const DEADLINE_PATTERNS: readonly PhrasePattern[] = [
  // "within 24 hours", "in 2-3 days", "in a day or two", "under an hour", "over the next few days".
  {
    re: new RegExp(
      `\\b(?:within|in|under|inside|less than|no more than|no later than|up to|after|over the next|next|about|around|approx\\.?|approximately|roughly|max(?:imum)?|at most|at least|for)\\s+(?:the\\s+)?(?:next\\s+|first\\s+|coming\\s+)?${RANGE}\\s?(?:business\\s+|working\\s+|biz\\s+)?${UNIT}\\b`,
    ),
    unless: POLICY_ONLY,
  },
  // "delivery takes 24 hours", "it usually completes 2-3 days after you order".
  { re: new RegExp(`\\b${RANGE}\\s?(?:business\\s+|working\\s+)?${UNIT}\\b`), requires: DELIVERY_CUE, unless: POLICY_ONLY },
  // "by Friday", "before the end of the day", "on Monday", "by 5pm", "by 12 March".
  {
    re: new RegExp(
      `\\b(?:by|before|on|until|till|no later than|latest by|at the latest by)\\s+(?:this\\s+|next\\s+|the\\s+)?(?:${DAY}|${CLOCK}|\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH}|${MONTH}\\s+\\d{1,2}(?:st|nd|rd|th)?|\\d{4}-\\d{2}-\\d{2}|\\d{1,2}[/.]\\d{1,2}(?:[/.]\\d{2,4})?)\\b`,
    ),
  },
  // "delivered by then", "sorted before that day": a deadline pinned to a time said just before (the
  // team's opening time in an offline reply is a time, and this is how a promise would hang on it).
  {
    re: /\b(?:by|before|no later than)\s+(?:then|that time|that day|that point)\b/,
    requires: /\b(?:deliver\w*|arriv\w*|start\w*|complet\w*|finish\w*|done|ready|process\w*|credit\w*|refund\w*|refill\w*|payout\w*|paid|fixed|sorted|resolved)\b/,
  },
  // Relative days that only make sense as a delivery date.
  {
    re: /\b(?:tomorrow|tonight|later today|later this (?:week|month|evening|afternoon)|this (?:afternoon|evening)|next (?:week|month|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|over the weekend|overnight|end of (?:the )?(?:day|week)|same[- ]day|next[- ]day)\b/,
  },
  // Speed claims: "starts instantly", "you'll see them shortly", "right away".
  {
    re: /\b(?:instant(?:ly)?|immediate(?:ly)?|right away|straight away|asap|as soon as possible|in no time|any (?:minute|moment|second) now|in a (?:moment|minute|jiffy|bit|flash|sec|second|while)|lightning[- ]fast|super[- ]fast|very fast|shortly|(?<!as )soon(?! as))\b/,
    requires: DELIVERY_CUE,
    spanNegation: false,
  },
  // Any unnegated guarantee ("guaranteed", "we guarantee results"); the noun "guarantee window" is a rule name.
  { re: /\bguarantee(?:s|d|ing)?\b(?!\s+(?:window|period|terms))/ },
  // Personal promises and certainty about outcomes.
  { re: /\b(?:i|we)\s+(?:promise|swear|assure you|give you (?:my|our) word|can assure you)\b/ },
  {
    re: /\b(?:i am|we are)\s+(?:100%\s+|completely\s+|absolutely\s+|very\s+|quite\s+)?(?:sure|certain|confident|positive)\b/,
    requires: /\b(?:deliver\w*|arriv\w*|start\w*|complet\w*|refund\w*|refill\w*|done|work\w*|fine|soon|finish\w*|will)\b/,
  },
  // "100% delivery", "100% guaranteed", "delivery rate is 100%".
  {
    re: /\b(?:100 ?%|one hundred percent|hundred percent)\s+(?:\w+\s+){0,2}?(?:deliver\w*|guarantee\w*|safe|secure|success\w*|complete\w*|real|legit\w*|sure|working|satisf\w*|retention|non[- ]drop|no[- ]drop|refund\w*|refill\w*)/,
  },
  { re: /\b(?:deliver\w*|guarantee\w*|success(?: rate)?|retention|completion rate)\s+(?:is\s+|are\s+|rate\s+(?:is\s+)?|of\s+)?(?:100 ?%|one hundred percent)/ },
];
