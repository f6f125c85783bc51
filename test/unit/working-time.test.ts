// Deadlines in working time: office hours, weekends, England and Wales bank holidays, BST.
import { describe, expect, it } from 'vitest';
import { addWorkingDays, addWorkingMinutes, localDate, localDates, nextWorkingDayAt, workingMinutesBetween, type WorkingCalendar } from '../../shared/working-time.js';

const cal: WorkingCalendar = { timeZone: 'Europe/London', opens: '09:00', closes: '17:00', extraHolidays: [], removedHolidays: [] };
const iso = (d: Date) => d.toISOString();

describe('working time', () => {
  it('counts red (4 working hours) within one office day', () => {
    // Tuesday 10 November 2026, 10:00 GMT
    expect(iso(addWorkingMinutes(new Date('2026-11-10T10:00:00Z'), 240, cal))).toBe('2026-11-10T14:00:00.000Z');
  });

  it('carries time left at closing over the weekend', () => {
    // Friday 20 Nov 2026 16:30 → 30 minutes on Friday, 3.5 hours on Monday → 12:30
    expect(iso(addWorkingMinutes(new Date('2026-11-20T16:30:00Z'), 240, cal))).toBe('2026-11-23T12:30:00.000Z');
  });

  it('starts the clock at the next opening when received out of hours', () => {
    // Sunday 22 Nov 2026 03:00 → Monday 09:00 + 4h
    expect(iso(addWorkingMinutes(new Date('2026-11-22T03:00:00Z'), 240, cal))).toBe('2026-11-23T13:00:00.000Z');
  });

  it('skips the Christmas bank holidays and a weekend (amber, 1 working day)', () => {
    // Thursday 24 Dec 2026 15:00: 2h Thursday; Fri 25 Dec and Mon 28 Dec (Boxing Day
    // substitute) are bank holidays; 6h on Tuesday 29 Dec → 15:00
    expect(iso(addWorkingDays(new Date('2026-12-24T15:00:00Z'), 1, cal))).toBe('2026-12-29T15:00:00.000Z');
  });

  it('skips Easter (green, 3 working days) across the change to BST', () => {
    // Thursday 2 April 2026 12:00 BST (11:00Z). Good Friday 3 Apr and Easter Monday 6 Apr
    // are bank holidays. 5h Thu, then Tue 7, Wed 8 full days, 3h Thu 9 → 12:00 BST
    expect(iso(addWorkingDays(new Date('2026-04-02T11:00:00Z'), 3, cal))).toBe('2026-04-09T11:00:00.000Z');
  });

  it('knows office hours are local time in summer (BST)', () => {
    // Monday 6 July 2026 08:30 BST (07:30Z) is before opening: 09:00 BST = 08:00Z
    expect(iso(addWorkingMinutes(new Date('2026-07-06T07:30:00Z'), 60, cal))).toBe('2026-07-06T09:00:00.000Z');
  });

  it('finds the next PIT Stop meeting on a working day', () => {
    // Friday 24 Dec 2027 11:00: the next 10:00 meeting skips the weekend and the two
    // substitute bank holidays (27, 28 Dec 2027) → Wednesday 29 Dec
    expect(iso(nextWorkingDayAt(new Date('2027-12-24T11:00:00Z'), '10:00', cal))).toBe('2027-12-29T10:00:00.000Z');
    // Before the meeting on a working day: the same day
    expect(iso(nextWorkingDayAt(new Date('2026-11-23T08:00:00Z'), '10:00', cal))).toBe('2026-11-23T10:00:00.000Z');
  });

  it('counts the working minutes between two instants as the deadlines add them', () => {
    // From a Friday afternoon over a weekend, from a Sunday night, over Christmas 2027's
    // substitute bank holidays, and across the clocks going forward.
    for (const [start, minutes] of [
      ['2026-11-20T16:30:00Z', 240],
      ['2026-11-22T03:00:00Z', 240],
      ['2027-12-24T11:00:00Z', 3 * 480 + 7],
      ['2026-03-27T15:00:00Z', 600],
    ] as const) {
      const due = addWorkingMinutes(new Date(start), minutes, cal);
      expect(workingMinutesBetween(new Date(start), due, cal)).toBe(minutes);
      expect(workingMinutesBetween(due, new Date(start), cal)).toBe(-minutes);
    }
    expect(workingMinutesBetween(new Date('2026-11-21T10:00:00Z'), new Date('2026-11-22T10:00:00Z'), cal)).toBe(0);
  });

  it('rejects office hours that make no working day', () => {
    expect(() => addWorkingMinutes(new Date(), 60, { ...cal, opens: '17:00', closes: '09:00' })).toThrow(/close after it opens/);
  });

  it('dates many instants as localDate does, across the clock changes (an hour\'s offset found once)', () => {
    for (const zone of ['Europe/London', 'Australia/Lord_Howe', 'America/St_Johns']) {
      const dated = localDates(zone);
      for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 61 * 60_000 + 1_234) expect(dated(t)).toBe(localDate(t, zone));
    }
  });
});
