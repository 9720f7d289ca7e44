import { matchAll, overlaps, type Match, type Span } from './span.js';

// "order 4829113", "order id: 4829113", "orders 4829113, 4829114 and 4829115", "order #4829113".
const AFTER_ORDER_WORD =
  /\b(?:orders?|ord)(?:[\s_-]*(?:id|ids|number|numbers|no\.?|num|nr|#))?\s*(?:is|are|was|=|:|-)?\s*#?\s?\d{3,12}(?:\s*(?:,|and|&|\/|or|\+)\s*#?\s?\d{3,12})*\b/gi;
// "#4829113".
const HASH = /(?<![\w&])#\s?(\d{3,12})\b/g;
// A bare number long enough to be an order ID and explained by nothing else.
const BARE = /(?<![\w.,/:+$€£-])\d{6,12}(?![\w%]|[.,]\d|[/:-]\d)/g;

/**
 * Order IDs as digit strings. `avoid` holds the spans other extractors claimed
 * (links, e-mails, payment references, service IDs, quantities, phones, prices, dates).
 */
export function findOrderIds(text: string, avoid: readonly Span[]): Match[] {
  const out: Match[] = [];
  const add = (m: Match): void => {
    if (!overlaps(m, avoid) && !overlaps(m, out)) out.push(m);
  };
  for (const run of matchAll(text, AFTER_ORDER_WORD)) {
    for (const n of matchAll(run.value, /\d{3,12}/g)) add({ value: n.value, start: run.start + n.start, end: run.start + n.end });
  }
  for (const m of matchAll(text, HASH, 1)) add(m);
  for (const m of matchAll(text, BARE)) add(m);
  return out.sort((a, b) => a.start - b.start);
}
