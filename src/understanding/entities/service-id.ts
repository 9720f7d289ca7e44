import { matchAll, type Match } from './span.js';

// "service 1204", "service ID 1204", "service #1204", "service=1204", "services 1204 and 1205".
const SERVICE = /\bservices?(?:[\s_-]*(?:id|ids|no\.?|number|nr))?\s*(?:is|=|:|#)?\s*#?(\d{1,7})((?:\s*(?:,|and|&|\/|or)\s*#?\d{1,7})*)\b/gi;
const SID = /\bsid\s*[:=#]?\s*(\d{1,7})\b/gi;

export function findServiceIds(text: string): Match[] {
  const out: Match[] = [];
  for (const m of text.matchAll(SERVICE)) {
    if (m.index === undefined || m[1] === undefined) continue;
    // Every number in the run ("services 1204, 1205 and 1206") is a service ID.
    for (const n of matchAll(m[0], /\d{1,7}/g)) out.push({ value: n.value, start: m.index + n.start, end: m.index + n.end });
  }
  return [...out, ...matchAll(text, SID, 1)];
}
