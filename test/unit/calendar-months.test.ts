// "Within 12 months" (re-contact, repeat referral) is calendar months in local time, not
// 365 days. Expected instants worked out by hand; GMT = UTC, BST = UTC+1.
import { describe, expect, it } from 'vitest';
import { calendarMonthsBefore, withinCalendarMonths } from '../../shared/working-time.js';

const zone = 'Europe/London';
const before = (now: string, months = 12) => calendarMonthsBefore(new Date(now), months, zone).toISOString();
const within = (earlier: string, now: string) => withinCalendarMonths(new Date(earlier), new Date(now), 12, zone);
const DAY = 24 * 60 * 60_000;
const shift = (instant: string, ms: number) => new Date(Date.parse(instant) + ms).toISOString();

describe('calendarMonthsBefore', () => {
  it('keeps the local wall-clock time, to the millisecond', () => {
    expect(before('2026-06-15T10:00:30.250Z')).toBe('2025-06-15T10:00:30.250Z'); // 11:00:30.250 BST both
    expect(before('2026-01-15T10:00:00Z', 1)).toBe('2025-12-15T10:00:00.000Z');
    expect(before('2026-01-15T10:00:00Z', 13)).toBe('2024-12-15T10:00:00.000Z');
    expect(before('2026-01-15T10:00:00Z', 0)).toBe('2026-01-15T10:00:00.000Z');
  });

  it('clamps to the last day of a shorter month', () => {
    expect(before('2028-02-29T12:00:00Z')).toBe('2027-02-28T12:00:00.000Z'); // no 29 Feb 2027
    expect(before('2026-03-31T11:00:00Z', 1)).toBe('2026-02-28T12:00:00.000Z'); // 12:00 BST → 12:00 GMT
    expect(before('2028-03-31T11:00:00Z', 1)).toBe('2028-02-29T12:00:00.000Z'); // leap year
    expect(before('2029-02-28T12:00:00Z')).toBe('2028-02-28T12:00:00.000Z'); // not 29 Feb
    expect(before('2030-02-28T12:00:00Z', 24)).toBe('2028-02-28T12:00:00.000Z');
  });

  it('keeps the wall clock across a clock change rather than counting hours', () => {
    // 12:00 BST on Sun 29 Mar 2026 (the day the clocks went forward) → 12:00 GMT on Sat 29 Mar 2025
    expect(before('2026-03-29T11:00:00Z')).toBe('2025-03-29T12:00:00.000Z');
    // 12:00 GMT on Sun 25 Oct 2026 (the day the clocks went back) → 12:00 BST on Sat 25 Oct 2025
    expect(before('2026-10-25T12:00:00Z')).toBe('2025-10-25T11:00:00.000Z');
  });

  it('resolves a wall-clock time the clocks skipped or repeated that night', () => {
    // 01:30 BST on Mon 29 Mar 2027 → 01:30 on Sun 29 Mar 2026, which did not exist: 01:30 GMT
    expect(before('2027-03-29T00:30:00Z')).toBe('2026-03-29T01:30:00.000Z');
    // 01:30 BST on Mon 25 Oct 2027 → 01:30 on Sun 25 Oct 2026, which came twice: the second, GMT
    expect(before('2027-10-25T00:30:00Z')).toBe('2026-10-25T01:30:00.000Z');
  });

  it('takes only a whole number of months, not negative', () => {
    expect(() => calendarMonthsBefore(new Date(), 1.5, zone)).toThrow(RangeError);
    expect(() => calendarMonthsBefore(new Date(), -1, zone)).toThrow(RangeError);
  });
});

describe('within 12 calendar months: one day either side of the boundary', () => {
  it('across 29 February 2028 (366 days in the year before 1 March 2028)', () => {
    const now = '2028-03-01T12:00:00Z';
    const boundary = '2027-03-01T12:00:00Z';
    expect(before(now)).toBe('2027-03-01T12:00:00.000Z');
    expect(within(boundary, now)).toBe(true);
    expect(within(shift(boundary, -1), now)).toBe(false);
    expect(within(shift(boundary, -DAY), now)).toBe(false); // 28 Feb 2027
    expect(within(shift(boundary, DAY), now)).toBe(true); // 2 Mar 2027, exactly 365 days before now
  });

  it('on 29 February 2028 itself', () => {
    const now = '2028-02-29T12:00:00Z';
    expect(within('2027-02-28T12:00:00Z', now)).toBe(true);
    expect(within('2027-02-27T12:00:00Z', now)).toBe(false);
    expect(within('2027-03-01T12:00:00Z', now)).toBe(true);
  });

  it('a year after 29 February 2028', () => {
    const now = '2029-02-28T12:00:00Z';
    expect(within('2028-02-29T12:00:00Z', now)).toBe(true);
    expect(within('2028-02-28T12:00:00Z', now)).toBe(true);
    expect(within('2028-02-27T12:00:00Z', now)).toBe(false);
  });

  it('across the change to BST', () => {
    const now = '2026-03-29T11:00:00Z'; // 12:00 BST
    const boundary = '2025-03-29T12:00:00Z'; // 12:00 GMT
    expect(within(boundary, now)).toBe(true);
    expect(within('2025-03-29T11:00:00Z', now)).toBe(false); // exactly 365 days before: an hour too early on the clock
    expect(within(shift(boundary, -DAY), now)).toBe(false);
    expect(within(shift(boundary, DAY), now)).toBe(true);
  });

  it('across the change to GMT', () => {
    const now = '2026-10-25T12:00:00Z'; // 12:00 GMT
    const boundary = '2025-10-25T11:00:00Z'; // 12:00 BST, 365 days and an hour before
    expect(within(boundary, now)).toBe(true);
    expect(within(shift(boundary, -1), now)).toBe(false);
    expect(within(shift(boundary, -DAY), now)).toBe(false);
    expect(within(shift(boundary, DAY), now)).toBe(true);
  });

  it('never reaches after now', () => {
    expect(within('2026-06-15T10:00:01Z', '2026-06-15T10:00:00Z')).toBe(false);
    expect(within('2026-06-15T10:00:00Z', '2026-06-15T10:00:00Z')).toBe(true);
  });
});
