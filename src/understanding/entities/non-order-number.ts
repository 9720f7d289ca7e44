import { matchAll, type Span } from './span.js';

// Numbers that something other than an order explains: phones, prices, dates, times,
// percentages, durations, decimals. Their spans shield the order-ID extractor.
const PATTERNS: readonly RegExp[] = [
  // Phones: international prefix, leading-zero national numbers, US shapes, or a phone word nearby.
  /(?:\+|\b00)\d[\d\s().-]{6,18}\d/g,
  /(?<![\w#])0\d{9,10}(?!\d)/g,
  /\(\d{3}\)\s*\d{3}[-.\s]\d{4}/g,
  /\b\d{3}[-.\s]\d{3}[-.\s]\d{4}\b/g,
  /\b(?:phone|mobile|cell|whatsapp|whats app|wa|tel|telephone|viber|sms|call me|text me|my number|contact number)\b[^\d\n]{0,20}\+?\d[\d\s().-]{5,18}\d/gi,
  // Prices.
  /[$€£₹¥₽]\s*\d[\d,]*(?:\.\d+)?/g,
  /\b\d[\d,]*(?:\.\d+)?\s*(?:usd|usdt|eur|gbp|inr|rs|rub|pkr|ngn|try|brl|idr|dollars?|euros?|bucks|cents|btc|eth|trx|ltc|\$|€|£)(?![\w])/gi,
  // Decimals are never order IDs.
  /\b\d+[.,]\d+\b/g,
  // Dates and times.
  /\b\d{1,4}[/.-]\d{1,2}(?:[/.-]\d{2,4})?\b/g,
  /\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(?:\s+\d{4})?\b/gi,
  /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?\b/gi,
  /\b\d{1,2}:\d{2}(?::\d{2})?\s*(?:am|pm)?\b/gi,
  /\b\d{1,2}\s*(?:am|pm)\b/gi,
  /\b(?:19|20)\d{2}\b/g,
  // Other kinds of account or identity numbers, and arithmetic.
  /\b(?:checking|savings|bank|routing|account|acct|iban|swift|card|ssn|social security|zip|postal|pin|member|membership|customer|user|tracking|flight|room|table|seat|policy|license|licence|serial|imei|model)\s*(?:account\s*)?(?:number|no\.?|num|id|#)?\s*(?:is|:|#)?\s*\d[\d\s-]*\d/gi,
  /\b(?:root|square|cube|times|plus|minus|divided by|multiplied by|calculate|sum of|product of|percent of|factorial of|log of)\s+(?:of\s+)?\d+/gi,
  // Percentages and durations.
  /\b\d+\s*%/g,
  /\b\d+\s*(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|h|days?|d|weeks?|wks?|months?|years?|yrs?)\b/gi,
];

export function findNonOrderNumbers(text: string): Span[] {
  return PATTERNS.flatMap((re) => matchAll(text, re));
}
