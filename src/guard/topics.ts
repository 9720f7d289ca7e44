// The word lists for each commitment topic. Adding a phrasing to a topic usually means adding a
// word here, not a new regex.
import type { TopicWords } from './topic-patterns.js';

const NEVER_SPAN = { spanNegation: false } as const;

export const REFUND_WORDS: TopicWords = {
  verb:
    'refund|reimburse|pay you back|give you (?:your |the |all (?:of )?your )?money back|return (?:your|the) (?:money|payment|funds)|reverse (?:the |that |this |your )?(?:duplicate |double |extra |second )?(?:charge|payment|transaction)|credit (?:it|you|the amount|that) back',
  participle: 'refunded|reimbursed|paid back|charged back',
  progressive: 'refunding|reimbursing',
  noun: 'refund|refunds|reimbursement|(?:your |the |all (?:of )?your )?money back|(?:your |the )?(?:funds|payment|cash) back|money-back',
};

export const REFILL_WORDS: TopicWords = {
  verb: 'refill|top (?:it|them|this|that|those) up|replace (?:the |any |all |your )?(?:lost|dropped|missing|missed|removed)|restore (?:the |your |any |all )?(?:lost|dropped|missing|followers|likes|views|subscribers|members|count)|make up (?:for )?the (?:drop|loss)',
  participle: 'refilled|topped up|replaced|restored|replenished',
  progressive: 'refilling|topping (?:it|them) up|replacing|restoring',
  noun: 'refill|refills|re-fill|replacement|lifetime refill|top-up of (?:the|your) (?:followers|likes|views|drop)',
  extra: [
    // "your followers will never drop": the claim itself carries the negator.
    { re: /\b(?:will|shall|are going to)\s+(?:\w+\s+)?never\s+(?:drop|decrease|go down|disappear|fall)\b/, ...NEVER_SPAN },
    { re: /\b(?:non|no)[- ]drop\b/, ...NEVER_SPAN },
    { re: /\bdrops?\s+(?:are|is|will be|would be)\s+(?:automatically\s+|fully\s+)?(?:covered|replaced|refilled|topped up|compensated)\b/ },
  ],
};

export const CANCEL_WORDS: TopicWords = {
  verb: 'cancel|stop (?:it|the order|your order|this order|that order|delivery|the delivery|it right now)|halt|abort|call off|pull (?:the|your) order',
  participle: 'cancell?ed|stopped|halted|aborted|called off',
  progressive: 'cancell?ing|stopping (?:it|the order|your order)|halting|aborting',
  noun: 'cancell?ation|cancell?ations',
};

export const COMMISSION_WORDS: TopicWords = {
  verb: 'pay (?:you )?(?:your |the |a |an )?(?:commission|commissions|referral (?:bonus|reward|earnings))',
  participle: 'credited with (?:your |the |a )?commission',
  noun: 'commission|commissions|referral (?:bonus|bonuses|reward|rewards|earnings|payment)|affiliate (?:earnings|rewards|bonus|income)',
  receiveExtra: 'earn|make|be credited|be credited with',
};

export const PAYOUT_WORDS: TopicWords = {
  verb:
    'pay (?:you|it|this|that)(?: out)?\\b|pay out|release (?:your|the) (?:funds|payout|earnings|money)|send (?:you )?(?:your |the )?(?:money|earnings|funds|payout)|transfer (?:your |the )?(?:money|earnings|funds|payout)',
  participle: 'paid out|paid',
  progressive: 'paying (?:you|it) out|releasing (?:your|the) (?:funds|payout)',
  noun: 'payout|payouts|pay-out|withdrawal|withdrawals|affiliate balance|earnings',
  extra: [{ re: /\b(?:withdraw|cash out)\s+(?:\w+\s+){0,2}(?:any ?time|instantly|whenever you (?:like|want))\b/ }],
};

export const CREDIT_WORDS: TopicWords = {
  verb:
    'credit (?:your|the) (?:account|balance|deposit|funds|payment)|add (?:the |your |those |these )?(?:funds|money|deposit|amount|payment) to your (?:account|balance)|fix your balance|top up your balance|restore your balance',
  participle: 'credited|added to your (?:balance|account)',
  noun: 'deposit|deposits|funds|top-up|top up',
};
