// Puts a reply into one canonical shape so the rule regexes stay small: one spelling of each
// contraction, one kind of apostrophe, no invisible characters, lower case.

// Zero-width and bidi controls can hide a promise from a regex ("re\u200bfund") without changing
// what the visitor reads, so they go before anything else.
const INVISIBLE = /[\u00ad\u200b-\u200f\u2060-\u2064\ufeff\u202a-\u202e]/g;

// Order matters: specific irregular forms before the generic n't.
const CONTRACTIONS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bwon'?t\b/g, 'will not'],
  [/\bshan'?t\b/g, 'shall not'],
  [/\bcan'?t\b/g, 'can not'],
  [/\bcannot\b/g, 'can not'],
  [/\bain'?t\b/g, 'is not'],
  [/\b(do|does|did|is|are|was|were|has|have|had|could|would|should|must|need|might)n'?t\b/g, '$1 not'],
  [/\b(i|you|we|they|he|she|it|that|there|this|who)'ll\b/g, '$1 will'],
  // Typed without the apostrophe: common in chatty or careless LLM output.
  [/\byoull\b/g, 'you will'],
  [/\btheyll\b/g, 'they will'],
  [/\bitll\b/g, 'it will'],
  [/\bill\b/g, 'i will'],
  [/\b(i|you|we|they|who)'ve\b/g, '$1 have'],
  [/\bive\b/g, 'i have'],
  [/\b(i|you|we|they|he|she|it|who)'d\b/g, '$1 would'],
  [/\b(you|we|they|who)'re\b/g, '$1 are'],
  [/\byoure\b/g, 'you are'],
  [/\bi'm\b/g, 'i am'],
  [/\bim\b/g, 'i am'],
  [/\b(it|that|there|here|what)'s\b/g, '$1 is'],
  [/\bgonna\b/g, 'going to'],
  [/\bgotta\b/g, 'have to'],
];

// Reassurance idioms contain a negator but negate nothing ("don't worry, we'll refund you").
// They are replaced with a neutral word so they cannot excuse the promise that follows.
const REASSURANCE =
  /\b(?:do not worry|no worries|not to worry|no problem|not a problem|no doubt|never fear|no need to worry|nothing to worry about|no question|without (?:a|any) doubt|no matter what|not only)\b/g;

export function normaliseForGuard(text: string): string {
  let out = text.normalize('NFKC').replace(INVISIBLE, '').toLowerCase();
  out = out.replace(/[\u2018\u2019\u201b\u02bc\u0060\u00b4]/g, "'").replace(/[\u201c\u201d\u201e]/g, '"');
  out = out.replace(/[\u2013\u2014\u2212]/g, '-');
  for (const [pattern, replacement] of CONTRACTIONS) out = out.replace(pattern, replacement);
  out = out.replace(REASSURANCE, 'okay');
  // Runs of spaces/tabs collapse so "will   refund" matches like "will refund"; newlines stay (list markers).
  return out.replace(/[ \t\u00a0\u202f]+/g, ' ');
}
