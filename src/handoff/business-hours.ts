// When the shop's team is there: weekly hours in the shop's time zone (the shop policy's
// `businessHours`). Pure functions of an instant, so the turn and the expiry sweep ask them with
// their injected clock. Hours are wall-clock times in the zone: "mon-fri 09:00-18:00" opens at
// 09:00 local in winter and in summer, and arithmetic is done on wall-clock minutes, never by
// adding hours to an instant, so a DST change between now and the opening does not shift it.
import { z } from 'zod';
import type { TeamAway } from '../policy/away.js';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const DAY_MINUTES = 24 * 60;
const WEEK_MINUTES = 7 * DAY_MINUTES;
const MINUTE_MS = 60_000;

/** A range of minutes since Monday 00:00 in the shop's zone: [start, end), 0 <= start < end <= a week. */
type WeekRange = readonly [start: number, end: number];

export interface BusinessHours {
  /** IANA name, e.g. Europe/Berlin. */
  readonly timeZone: string;
  /** Sorted, merged and within one week; a range that runs past Sunday midnight is split in two. */
  readonly open: readonly WeekRange[];
  /** Where visitors reach the shop while the team is away (an email, a Telegram handle or an https URL). */
  readonly contact: string;
}

// "mon-fri 09:00-18:00", "sat 10:00-14:00", "fri-mon 22:00-02:00" (past midnight: into the next day).
const RANGE = /^(mon|tue|wed|thu|fri|sat|sun)(?:-(mon|tue|wed|thu|fri|sat|sun))?\s+([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/;

/** One line of hours as week ranges; throws with what is wrong. */
export function parseOpenRange(text: string): WeekRange[] {
  const m = RANGE.exec(text.trim().toLowerCase());
  if (!m) throw new Error(`"${text}" is not a day or days and hours, like "mon-fri 09:00-18:00"`);
  const [, first, last, h1, m1, h2, m2] = m as unknown as [string, (typeof DAYS)[number], (typeof DAYS)[number] | undefined, string, string, string, string];
  const from = Number(h1) * 60 + Number(m1);
  const to = Number(h2) * 60 + Number(m2);
  if (to > DAY_MINUTES) throw new Error(`"${text}": 24:00 is the latest closing time`);
  if (from === to) throw new Error(`"${text}" opens and closes at the same time`);
  const firstDay = DAYS.indexOf(first);
  const days = (DAYS.indexOf(last ?? first) - firstDay + 7) % 7 + 1;
  // A closing time before the opening time is on the next day.
  const length = to > from ? to - from : to + DAY_MINUTES - from;
  return Array.from({ length: days }, (_, i) => {
    const start = ((firstDay + i) % 7) * DAY_MINUTES + from;
    return [start, start + length] as const;
  });
}

/** Ranges folded into one week (split at Sunday midnight), sorted, overlapping and touching ones merged. */
function weekly(ranges: readonly WeekRange[]): WeekRange[] {
  const split = ranges.flatMap(([s, e]): WeekRange[] => (e <= WEEK_MINUTES ? [[s, e]] : [[s, WEEK_MINUTES], [0, e - WEEK_MINUTES]]));
  const merged: [number, number][] = [];
  for (const [s, e] of split.sort((a, b) => a[0] - b[0])) {
    const prev = merged.at(-1);
    if (prev && s <= prev[1]) prev[1] = Math.max(prev[1], e);
    else merged.push([s, e]);
  }
  return merged;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const CONTACT = [
  /^[^\s@]{1,64}@[^\s@]+\.[a-z]{2,}$/i, // email
  /^@[a-z0-9_]{5,32}$/i, // Telegram handle
  /^https:\/\/[^\s]+$/i, // a page, t.me/… or a contact form
];

/** The shop policy's `businessHours` front matter. */
export const BusinessHoursSchema = z.strictObject({
  timeZone: z.string().refine(isTimeZone, 'not a time zone name (IANA, e.g. Europe/Berlin)'),
  open: z.array(z.string().max(40)).min(1).max(28),
  offlineContact: z.string().trim().max(200).refine((c) => CONTACT.some((p) => p.test(c)), 'an email address, a Telegram @handle or an https:// address'),
}).transform((v, ctx): BusinessHours => {
  try {
    return { timeZone: v.timeZone, open: weekly(v.open.flatMap(parseOpenRange)), contact: v.offlineContact };
  } catch (err) {
    ctx.addIssue({ code: 'custom', path: ['open'], message: (err as Error).message });
    return z.NEVER;
  }
});

// One formatter per zone: making one costs far more than using it.
const formatters = new Map<string, Intl.DateTimeFormat>();
function partsIn(zone: string, at: number): Record<string, string> {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone, hourCycle: 'h23', weekday: 'long', year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit',
    });
    formatters.set(zone, f);
  }
  return Object.fromEntries(f.formatToParts(at).map((p) => [p.type, p.value]));
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** The wall-clock time in `zone` at instant `at`, as if it were UTC (ms, whole minutes), and its minute of the week. */
function wallClock(zone: string, at: number): { wall: number; weekMinute: number } {
  const p = partsIn(zone, at);
  const wall = Date.UTC(Number(p.year), MONTHS.indexOf(p.month ?? ''), Number(p.day), Number(p.hour), Number(p.minute));
  return { wall, weekMinute: WEEKDAYS.indexOf(p.weekday ?? '') * DAY_MINUTES + Number(p.hour) * 60 + Number(p.minute) };
}

/**
 * The first instant after `after` whose wall-clock time in `zone` is `wall` or later. Usually the
 * one instant showing `wall`; the earlier of two when the clock goes back; when the clock jumps
 * over `wall` (spring forward), the instant of the jump.
 */
function instantOf(zone: string, wall: number, after: number): number {
  const DAY = DAY_MINUTES * MINUTE_MS;
  // The offsets on either side of any change near `wall` (zones change at most once a day).
  const candidates = [wall - (wallClock(zone, wall - DAY).wall - (wall - DAY)), wall - (wallClock(zone, wall + DAY).wall - (wall + DAY))]
    .map((t) => Math.round(t / MINUTE_MS) * MINUTE_MS).sort((a, b) => a - b);
  const exact = candidates.filter((t) => t > after && wallClock(zone, t).wall === wall);
  if (exact.length) return exact[0] as number;
  // In the gap: search, by the minute, for the first instant past it.
  let [lo, hi] = candidates as [number, number];
  while (hi - lo > MINUTE_MS) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE_MS) * MINUTE_MS;
    if (wallClock(zone, mid).wall >= wall) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** Whether the team is there at instant `at`. */
export function isOpen(hours: BusinessHours, at: Date): boolean {
  const { weekMinute } = wallClock(hours.timeZone, at.getTime());
  return hours.open.some(([s, e]) => s <= weekMinute && weekMinute < e);
}

/** Opening (or closing) minutes of the week; a range that only continues last week's (Sunday into Monday) is no opening. */
function boundaries(hours: BusinessHours, kind: 'opens' | 'closes'): number[] {
  const { open } = hours;
  const continues = (s: number) => s === 0 && open.some(([, e]) => e === WEEK_MINUTES);
  return kind === 'opens'
    ? open.map(([s]) => s).filter((s) => !continues(s))
    : open.map(([, e]) => e % WEEK_MINUTES).filter((e) => !(e === 0 && open.some(([s]) => s === 0)));
}

/** The next instant after `at` when the team comes (or goes); undefined when it never does (always there). */
function next(hours: BusinessHours, at: Date, kind: 'opens' | 'closes'): Date | undefined {
  const points = boundaries(hours, kind);
  if (points.length === 0) return undefined;
  const { wall, weekMinute } = wallClock(hours.timeZone, at.getTime());
  const ahead = Math.min(...points.map((p) => (p - weekMinute + WEEK_MINUTES - 1) % WEEK_MINUTES + 1));
  return new Date(instantOf(hours.timeZone, wall + ahead * MINUTE_MS, at.getTime()));
}

/** When the team is next there: `at` itself when it is there now. */
export function nextOpening(hours: BusinessHours, at: Date): Date | undefined {
  return isOpen(hours, at) ? at : next(hours, at, 'opens');
}

/** How long the team was there between two instants (a queued handoff's wait, counted in business hours). */
export function openMsBetween(hours: BusinessHours, from: Date, to: Date): number {
  let total = 0;
  let t = from.getTime();
  // Each pass crosses one opening or closing: a few per day.
  for (let pass = 0; t < to.getTime() && pass < MAX_PASSES; pass++) {
    const open = isOpen(hours, new Date(t));
    const change = next(hours, new Date(t), open ? 'closes' : 'opens')?.getTime() ?? Infinity;
    const until = Math.min(change, to.getTime());
    if (until <= t) break;
    if (open) total += until - t;
    t = until;
  }
  return total;
}

/** Enough for a handoff queued for a year with two openings a day. */
const MAX_PASSES = 2_000;

/** "Monday 7 Dec, 09:00 (Europe/Berlin)": the zone named, so a visitor elsewhere can tell. */
export function describeOpening(hours: BusinessHours, at: Date): string {
  const p = partsIn(hours.timeZone, at.getTime());
  return `${p.weekday} ${p.day} ${p.month}, ${p.hour}:${p.minute} (${hours.timeZone})`;
}

/** When the team is away at `now`: when it is back and the shop's contact; undefined while it is there. */
export function teamAway(hours: BusinessHours, now: Date): TeamAway | undefined {
  const reopens = nextOpening(hours, now);
  if (reopens === undefined || reopens.getTime() === now.getTime()) return undefined;
  return { reopens: describeOpening(hours, reopens), contact: hours.contact };
}
