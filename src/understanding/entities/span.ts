// A found value and where it sits in the text, so extractors can avoid each other's ground
// (a number inside a URL, an e-mail or a payment reference is never an order ID).

export interface Match {
  value: string;
  start: number;
  end: number;
}

export type Span = Pick<Match, 'start' | 'end'>;

export function overlaps(a: Span, spans: readonly Span[]): boolean {
  return spans.some((s) => a.start < s.end && s.start < a.end);
}

/** All matches of a global regex, with the value taken from `group` (0 = whole match). */
export function matchAll(text: string, re: RegExp, group = 0): Match[] {
  const out: Match[] = [];
  for (const m of text.matchAll(re)) {
    const value = m[group];
    if (value === undefined || m.index === undefined) continue;
    const offset = group === 0 ? 0 : m[0].indexOf(value);
    out.push({ value, start: m.index + offset, end: m.index + offset + value.length });
  }
  return out;
}

/** Keeps the first of overlapping matches (callers list the stronger patterns first). */
export function dropOverlapping(matches: readonly Match[]): Match[] {
  const kept: Match[] = [];
  for (const m of matches) if (!overlaps(m, kept)) kept.push(m);
  return kept.sort((a, b) => a.start - b.start);
}

export function uniqueValues(matches: readonly Match[]): string[] {
  return [...new Set(matches.map((m) => m.value))];
}
