import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BusinessHoursSchema, describeOpening, isOpen, nextOpening, openMsBetween, parseOpenRange } from '../../../src/handoff/business-hours.js';

const hours = (open: string[], timeZone = 'Europe/Berlin') => BusinessHoursSchema.parse({ timeZone, open, offlineContact: 'support@shop.example' });
const at = (iso: string) => new Date(iso);
const next = (h: ReturnType<typeof hours>, iso: string) => nextOpening(h, at(iso))?.toISOString();
const HOUR = 3_600_000;

// Europe/Berlin: CET (+1) in winter, CEST (+2) from 29 Mar 2026 02:00 to 25 Oct 2026 03:00.
const shop = hours(['mon-fri 09:00-18:00', 'sat 10:00-14:00']);

describe('business hours', () => {
  it('reads days and hours; refuses what it cannot read', () => {
    assert.deepEqual(parseOpenRange('mon-tue 09:00-18:00'), [[540, 1080], [1980, 2520]]);
    assert.deepEqual(parseOpenRange('Sat 10:00-24:00'), [[7800, 8640]]);
    assert.deepEqual(parseOpenRange('fri-mon 22:00-02:00').length, 4, 'Friday to Monday, over the week end');
    assert.throws(() => parseOpenRange('weekdays 9-5'), /not a day or days and hours/);
    assert.throws(() => parseOpenRange('mon 09:00-09:00'), /same time/);
    assert.throws(() => parseOpenRange('mon 09:00-24:30'), /24:00 is the latest/);
    const parse = (v: object) => BusinessHoursSchema.safeParse({ timeZone: 'Europe/Berlin', open: ['mon 09:00-17:00'], offlineContact: '@acme_support', ...v });
    assert.ok(parse({}).success);
    assert.ok(parse({ offlineContact: 'https://t.me/acme_support' }).success);
    assert.ok(parse({ offlineContact: 'help@acme.example' }).success);
    assert.match(JSON.stringify(parse({ timeZone: 'Europe/Berln' }).error?.issues), /not a time zone name/);
    assert.match(JSON.stringify(parse({ timeZone: '+02:00' }).error?.issues), /not a time zone name/);
    assert.match(JSON.stringify(parse({ offlineContact: 'call us' }).error?.issues), /email address, a Telegram @handle or an https/);
    assert.match(JSON.stringify(parse({ offlineContact: 'http://acme.example' }).error?.issues), /https/);
    assert.match(JSON.stringify(parse({ open: ['mon 9-17'] }).error?.issues), /not a day or days and hours/);
    assert.equal(parse({ open: [] }).success, false);
    assert.equal(parse({ hours: 'x' }).success, false, 'an unknown key is a typo');
  });

  it('is open in the hours, in the shop\'s zone, and closed outside them', () => {
    assert.equal(isOpen(shop, at('2026-12-07T08:00:00Z')), true, 'Monday 09:00 Berlin');
    assert.equal(isOpen(shop, at('2026-12-07T07:59:59Z')), false, 'Monday 08:59 Berlin');
    assert.equal(isOpen(shop, at('2026-12-07T16:59:00Z')), true, 'Monday 17:59');
    assert.equal(isOpen(shop, at('2026-12-07T17:00:00Z')), false, 'Monday 18:00: closing time is closed');
    assert.equal(isOpen(shop, at('2026-12-05T12:00:00Z')), true, 'Saturday 13:00');
    assert.equal(isOpen(shop, at('2026-12-06T12:00:00Z')), false, 'Sunday');
    assert.equal(isOpen(shop, at('2026-07-06T07:30:00Z')), true, 'Monday 09:30 in summer (UTC+2)');
  });

  it('says when the team is next there: later today, tomorrow, after the weekend', () => {
    assert.equal(next(shop, '2026-12-07T06:00:00Z'), '2026-12-07T08:00:00.000Z', 'Monday 07:00 → 09:00 today');
    assert.equal(next(shop, '2026-12-07T20:00:00Z'), '2026-12-08T08:00:00.000Z', 'Monday 21:00 → Tuesday 09:00');
    assert.equal(next(shop, '2026-12-05T22:00:00Z'), '2026-12-07T08:00:00.000Z', 'Saturday 23:00 → Monday 09:00');
    assert.equal(next(shop, '2026-12-07T07:59:30Z'), '2026-12-07T08:00:00.000Z', 'half a minute before');
    assert.equal(next(shop, '2026-12-07T10:00:00Z'), '2026-12-07T10:00:00.000Z', 'open now: now');
    assert.equal(describeOpening(shop, at('2026-12-07T08:00:00Z')), 'Monday 7 Dec, 09:00 (Europe/Berlin)');
  });

  it('keeps the wall-clock opening across DST changes', () => {
    // Spring forward on Sunday 29 Mar: Monday 09:00 is 07:00 UTC, no longer 08:00.
    assert.equal(next(shop, '2026-03-28T20:00:00Z'), '2026-03-30T07:00:00.000Z');
    // Fall back on Sunday 25 Oct: Monday 09:00 is 08:00 UTC again.
    assert.equal(next(shop, '2026-10-24T20:00:00Z'), '2026-10-26T08:00:00.000Z');
    assert.equal(describeOpening(shop, at('2026-10-26T08:00:00Z')), 'Monday 26 Oct, 09:00 (Europe/Berlin)');
    // An opening inside the skipped hour (02:30 does not exist on 29 Mar) is the jump to 03:00.
    const night = hours(['sun 02:30-05:00']);
    assert.equal(next(night, '2026-03-28T20:00:00Z'), '2026-03-29T01:00:00.000Z');
    assert.equal(isOpen(night, at('2026-03-29T01:00:00Z')), true);
    assert.equal(isOpen(night, at('2026-03-29T00:59:00Z')), false);
    // An opening inside the repeated hour (02:30 happens twice on 25 Oct) is the first one.
    assert.equal(next(night, '2026-10-24T20:00:00Z'), '2026-10-25T00:30:00.000Z');
    // Another zone, another date: New York springs forward on 8 Mar 2026.
    const ny = hours(['mon-fri 09:00-17:00'], 'America/New_York');
    assert.equal(next(ny, '2026-03-06T23:00:00Z'), '2026-03-09T13:00:00.000Z', 'Monday 09:00 EDT');
    assert.equal(next(ny, '2026-03-02T23:00:00Z'), '2026-03-03T14:00:00.000Z', 'Tuesday 09:00 EST');
    // A zone half an hour off UTC, with no DST.
    assert.equal(next(hours(['mon-sun 09:00-18:00'], 'Asia/Kolkata'), '2026-12-07T02:00:00Z'), '2026-12-07T03:30:00.000Z');
  });

  it('handles hours past midnight and over the week\'s end', () => {
    const late = hours(['fri 22:00-02:00']);
    assert.equal(isOpen(late, at('2026-12-05T00:30:00Z')), true, 'Saturday 01:30');
    assert.equal(isOpen(late, at('2026-12-05T01:00:00Z')), false, 'Saturday 02:00');
    assert.equal(next(late, '2026-12-05T01:00:00Z'), '2026-12-11T21:00:00.000Z', 'next Friday 22:00');
    // Sunday night into Monday: one stretch over the week's end, not a Monday-midnight opening.
    const overWeekEnd = hours(['sun 20:00-24:00', 'mon 00:00-03:00']);
    assert.equal(isOpen(overWeekEnd, at('2026-12-07T00:30:00Z')), true, 'Monday 01:30');
    assert.equal(next(overWeekEnd, '2026-12-07T03:00:00Z'), '2026-12-13T19:00:00.000Z', 'Monday 04:00 → Sunday 20:00');
    assert.equal(openMsBetween(overWeekEnd, at('2026-12-06T18:00:00Z'), at('2026-12-07T06:00:00Z')), 7 * HOUR);
    // Only Monday mornings: from Monday noon, the next one is a week away.
    assert.equal(next(hours(['mon 09:00-11:00']), '2026-12-07T11:00:00Z'), '2026-12-14T08:00:00.000Z');
  });

  it('a team that is always there is never closed', () => {
    const always = hours(['mon-sun 00:00-24:00']);
    assert.equal(isOpen(always, at('2026-12-06T03:00:00Z')), true);
    assert.equal(next(always, '2026-03-29T01:30:00Z'), '2026-03-29T01:30:00.000Z');
    assert.equal(openMsBetween(always, at('2026-12-01T00:00:00Z'), at('2026-12-08T00:00:00Z')), 7 * 24 * HOUR);
  });

  it('counts only the time the team was there', () => {
    // Saturday 23:00 to Monday 09:30 Berlin: half an hour of business hours.
    assert.equal(openMsBetween(shop, at('2026-12-05T22:00:00Z'), at('2026-12-07T08:30:00Z')), HOUR / 2);
    // Friday 17:45 to Monday 09:15: the last quarter of Friday, all of Saturday's four hours, a quarter on Monday.
    assert.equal(openMsBetween(shop, at('2026-12-04T16:45:00Z'), at('2026-12-07T08:15:00Z')), 4.5 * HOUR);
    assert.equal(openMsBetween(shop, at('2026-12-07T10:00:00Z'), at('2026-12-07T10:00:00Z')), 0);
  });
});
