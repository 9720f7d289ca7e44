// Builds the commitment phrasings for one money-or-service topic (refund, refill, cancel,
// commission, payout, balance credit) from a few word lists. Every topic is promised the same
// handful of ways: a future act ("we will refund"), a done act ("I've issued a refund"), a state
// ("your refund is on its way"), a receipt ("you'll get a full refund") and a guarantee.
import type { PhrasePattern } from './clauses.js';

export interface TopicWords {
  /** Verb phrases meaning "do the thing" ("refund", "top it up"). */
  readonly verb: string;
  /** Participles of those verbs ("refunded", "topped up"). */
  readonly participle: string;
  /** Nouns naming the thing ("refund", "money back"). */
  readonly noun: string;
  /** "-ing" forms for "I'm refunding it now". */
  readonly progressive?: string;
  /** Extra receipt verbs for "you will …" ("earn" for commissions). */
  readonly receiveExtra?: string;
  /** Extra patterns specific to the topic. */
  readonly extra?: readonly PhrasePattern[];
}

// Adverbs and softeners that LLMs put between the modal and the verb ("we will definitely refund").
const ADV =
  '(?:(?:definitely|definately|definetly|defo|certainly|surely|absolutely|of course|ofcourse|fully|gladly|happily|then|also|just|immediately|now|quickly|promptly|personally|automatically|100%|totally|completely|still|always|soon|right away|for sure|make sure to|be able to|be happy to|be glad to|get to|go ahead and|okay|really|gonna|simply|happy to|glad to|arrange to|need to)[\\s,]+){0,3}';
const MODAL =
  '(?:will|shall|going to|should|must|(?:i|we) can|let me|let us|(?:i|we) (?:am|are) (?:happy|glad|able) to|(?:i|we) would (?:be happy|be glad|love) to|(?:i|we) would gladly)';
const ACTION =
  '(?:issue|process|send|give|get|receive|approve|initiate|arrange|make|authori[sz]e|put through|push through|sort out|expedite|grant|release|pay|transfer|credit|start|trigger|submit|request|queue|place|do|complete|finali[sz]e|have|see|organi[sz]e|handle|apply)';
const DONE =
  '(?:issued|processed|sent|approved|initiated|started|submitted|triggered|arranged|authori[sz]ed|put through|pushed through|granted|released|queued|placed|requested|created|opened|scheduled|completed|made|paid|transferred|credited|added|applied|done|sorted|organi[sz]ed|expedited|finali[sz]ed|booked|filed|logged)';
const PROGRESSIVE =
  '(?:processing|issuing|sending|arranging|approving|initiating|starting|submitting|requesting|queuing|placing|preparing|organi[sz]ing|sorting out|setting up)';
const STATE =
  '(?:issued|processed|approved|sent|initiated|started|granted|confirmed|completed|done|authori[sz]ed|on (?:its|the|their) way|underway|under way|coming|guaranteed|assured|in progress|processing|queued|scheduled|submitted|arranged|accepted|released|paid|credited|added|applied|transferred|ready|yours|certain|a given|automatic|included|covered|free|secured|sorted|booked|locked in|happening)';
const RECEIVE =
  '(?:get|receive|be getting|be receiving|getting|receiving|be entitled to|entitled to|be eligible for|eligible for|qualify for|be given|be issued|be sent|be paid|be owed|owed|see|have)';
const ARTICLES = '(?:(?:a|an|the|your|this|that|my|our|all|of|full|partial|complete|100%|quick|prompt|instant|fast|free|\\d+(?:\\.\\d+)?\\s?%|same-day|total)\\s+){0,4}';
const SUBJECT = '(?:i|we|our team|the team|support|the shop|an agent|the agent|the system|my colleague|my colleagues|the admin|billing)';
// "your refund of $50 is processed", "the refill for order 123 has been approved".
const QUALIFIER = '(?:\\s+(?:of|for|on)(?:\\s+[^\\s,.;!?]{1,24}){1,3}?)?';
// A noun followed by one of these names a process, not an outcome: "your refund request" is fine.
const NOT_OUTCOME =
  '(?!\\s*(?:request|requests|question|questions|ticket|case|enquiry|inquiry|policy|policies|rules?|window|eligibility|status|form|process|options?|terms|conditions|details|team|department|desk))';
// "if you are eligible for a refund": a condition or a check, not a promise.
const HEDGE = /\b(?:if|whether|unless|when|once|may|might|could|check|see|know|decide|decides|confirm|confirms|review|reviews|whether or not)$/;

// "staff decide whether a payout is sent": the state is what is being decided, not a claim.
const STATE_HEDGE = /\b(?:if|whether|unless|once|until)(?:\s+(?:a|an|the|your|any|this|that))?$/;

// "staff can approve a refund" describes who decides; "we can confirm your refund" is a promise.
const CONDITION = /\b(?:if|once|when|until|whether|after|before|unless|may|might|could|to)\b|(?<!\b(?:i|we) )\bcan\b/;

export function topicPatterns(w: TopicWords): PhrasePattern[] {
  const noun = `(?:${w.noun})\\b${NOT_OUTCOME}`;
  const receive = w.receiveExtra ? `(?:${RECEIVE}|${w.receiveExtra})` : RECEIVE;
  // Every pattern below (not the topic's `extra`) contains the topic's verb, participle, noun or
  // progressive, so a text with none of them skips the whole list (see PhrasePattern.trigger).
  const trigger = new RegExp([w.verb, w.participle, w.noun, w.progressive].filter((x) => x !== undefined).map((x) => `(?:${x})`).join('|'));
  const p = (source: string, opts: Omit<PhrasePattern, 're' | 'trigger'> = {}): PhrasePattern => ({ re: new RegExp(source), trigger, ...opts });
  return [
    // Future act: "we will refund you", "I'll go ahead and issue a full refund", "you will be refunded".
    p(`\\b${MODAL}[\\s,]+${ADV}(?:(?:${w.verb})|be\\s+${ADV}(?:${w.participle})|get\\s+(?:${w.participle})|have\\s+(?:it|this|that|them)\\s+(?:${w.participle})|${ACTION}\\s+(?:you\\s+)?${ARTICLES}${noun})`),
    // Done act: "I've issued a refund", "we have already refunded your order", "I refunded you".
    p(`\\b${SUBJECT}\\s+(?:have\\s+|has\\s+|had\\s+|just\\s+)?(?:already\\s+|just\\s+|now\\s+|successfully\\s+|gone ahead and\\s+|went ahead and\\s+){0,2}(?:(?:${w.participle})\\b|${DONE}\\s+(?:you\\s+|for you\\s+)?${ARTICLES}${noun})`),
    // In progress: "I'm processing your refund", "we are refilling it now".
    p(`\\b(?:i|we)\\s+(?:am|are)\\s+(?:now\\s+|already\\s+|currently\\s+|just\\s+)?(?:${PROGRESSIVE}\\s+${ARTICLES}${noun}${w.progressive ? `|(?:${w.progressive})\\b` : ''})`),
    // State: "your refund is on its way", "the refill has been approved", "refunds are guaranteed".
    p(`\\b(?:${w.noun})${QUALIFIER}\\s+(?:request\\s+)?(?:has|have|is|are|was|were|will|shall|should)\\s+(?:been\\s+|be\\s+|being\\s+)?(?:already\\s+|now\\s+|fully\\s+|officially\\s+|definitely\\s+|totally\\s+|100%\\s+){0,2}${STATE}\\b`, { hedge: STATE_HEDGE }),
    // Receipt: "you'll get a full refund", "you're entitled to a refund", "you get your money back".
    p(`\\byou\\s+(?:will\\s+|shall\\s+|should\\s+|are going to\\s+|are\\s+)?${ADV}${receive}\\s+(?:back\\s+)?${ARTICLES}${noun}`, { hedge: HEDGE }),
    // Guarantee: "we guarantee a refund", "I promise you a full refund", "guaranteed refill".
    p(`\\b(?:guarantee[sd]?|guaranteeing|promise[sd]?|promising|assure[sd]?|assuring|commit to|committing to|ensure|ensuring|pledge)\\s+(?:you\\s+)?(?:that\\s+)?${ARTICLES}${noun}`),
    // "I confirm your refund", "we can confirm the refill"; "once an agent confirms the refund" is a condition.
    p(`\\b(?:confirm|confirms|confirmed|confirming|approve|approves|okay|ok)\\s+(?:you\\s+)?(?:that\\s+)?${ARTICLES}${noun}`, { hedge: CONDITION }),
    p(`\\b(?:guaranteed|assured|promised|certain|100%|automatic|instant|lifetime)\\s+(?:${w.noun})\\b`),
    p(`\\b(?:${w.noun})\\s+guarantee\\b`),
    // Bare announcements: "Refund approved!", "consider it refunded".
    p(`\\b(?:${w.noun})\\s+(?:request\\s+)?(?:approved|confirmed|granted|issued|done|sent|processed|guaranteed|secured)\\b`),
    p(`\\bconsider\\s+(?:it|this|that|your order|the order|them)\\s+(?:${w.participle})\\b`),
    ...(w.extra ?? []),
  ];
}
