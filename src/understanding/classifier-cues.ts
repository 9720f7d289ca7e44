// Hand-written, high-precision cues. Each adds one feature the model weighs like any other;
// they carry phrasings the corpus cannot cover exhaustively (misspelt "refund", any duration question).
export const CUES: readonly (readonly [string, RegExp])[] = [
  ['refund', /\b(?:refunds?|refunded|refunding|refnd|refun|refound|money back|my money|chargeback|dispute)\b/],
  ['duration', /\bhow (?:long|soon|fast|quickly|many (?:days|hours|minutes))\b|\bwhen (?:will|does|do|can|should|it)\b|\beta\b|\bby (?:tomorrow|tonight|today|monday|friday|the weekend)\b|\bdeadline\b|\bspeed\b/],
  ['woo', /\b(?:woo\w*|wordpress|wp|plugin|shopify|checkout|my (?:store|shop|site|website))\b/],
  ['api', /\b(?:api|endpoint|action=\w*|curl|json|script|http|request|response|sdk|v2)\b/],
  ['error', /\b(?:error|errors|eror|fails?|failing|failed|invalid|incorrect|returns?|returning|returned|respon\w*|[45]\d\d)\b/],
  ['drop', /\b(?:drop\w*|droped|decreas\w*|went down|going down|unfollow\w*|refill\w*|refil|top (?:it |them )?(?:up|back)|restore)\b/],
  ['cancel', /\b(?:cancel\w*|cancle|cansel|cancl|stop|pause|halt)\b/],
  ['pay', /\b(?:paid|pay|payed|payment|paymnt|deposit\w*|charged?|funds?|balance|paypal|usdt|crypto|btc|card|top ?up|topped)\b/],
  ['affiliate', /\b(?:referr?al\w*|refferal|referal|ref (?:link|code)|affiliat\w*|commission|comission|payout|referred)\b/],
  ['login', /\b(?:log ?in|lgoin|sign ?in|password|pasword|2fa|two factor|locked|unlock|account (?:banned|suspended|blocked|hacked))\b/],
  ['human', /\b(?:human|agent|person|someone|staff|manager|representative|operator|admin|supervisor|live chat|real people)\b/],
  ['price', /\b(?:how much|price|prices|pricing|cost|costs|cheap\w*|discount)\b/],
  ['injection', /\b(?:ignore (?:all|previous|your|the)|pretend|system prompt|act as|you are now|jailbreak|obey)\b/],
  ['key', /\b(?:api[ -]?key|apikey|key|token)\b/],
  ['order', /\b(?:orders?|ordr|ordered)\b/],
  ['status', /\b(?:status|stauts|update|progress|pending|processing|track\w*|finished|completed?)\b/],
  ['problem', /\b(?:not (?:start|started|coming|received|working|delivered)|stuck|stuk|nothing|never|wrong|fake|bots?|partial|missing|didn'?t|haven'?t|broken)\b/],
  ['thanks', /\b(?:thanks?|thx|thnx|ty|tysm|appreciate\w*|grateful|bye|goodbye|cheers)\b/],
  ['hello', /\b(?:hi+|hello+|hey+|helo|hola|salam|greetings|good (?:morning|afternoon|evening))\b/],
];

export function cueFeatures(lowerText: string): string[] {
  const out: string[] = [];
  for (const [name, re] of CUES) if (re.test(lowerText)) out.push(`cue:${name}`);
  return out;
}
