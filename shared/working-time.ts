// Working time: deadlines at the front door run in office hours on working days, not in
// clock time. A red contact received at 16:30 on a Friday is due at 12:30 on Monday (or
// Tuesday after a bank holiday). Pure functions of their inputs, so the same instant and
// calendar always give the same deadline.
import { isEnglandAndWalesBankHoliday } from './bank-holidays.js';

export interface WorkingCalendar {
  /** IANA zone the office hours are in, e.g. Europe/London (GMT/BST handled). */
  timeZone: string;
  /** Office opens, "HH:MM" local time. */
  opens: string;
  /** Office closes, "HH:MM" local time. */
  closes: string;
  /**
   * Closed days besides the England and Wales bank holidays (which come from the rules in
   * bank-holidays.ts for any year), "YYYY-MM-DD" local dates: a one-off bank holiday
   * announced after the code was written, a local closure day.
   */
  extraHolidays: readonly string[];
  /**
   * Bank holidays by the rules on which the office works, "YYYY-MM-DD": a holiday the
   * government moved after the code was written (remove the old date here, add the new
   * one to `extraHolidays`).
   */
  removedHolidays: readonly string[];
  /**
   * The days of the week the front door works, as `Date#getUTCDay` numbers (0 Sunday to 6
   * Saturday); Monday to Friday when not given. A front door that works weekends says so.
   */
  workingDays?: readonly number[];
}

/** Monday to Friday. */
export const MONDAY_TO_FRIDAY: readonly number[] = [1, 2, 3, 4, 5];

/** The day of the week of a "YYYY-MM-DD" date, 0 Sunday to 6 Saturday. */
export function dayOfWeek(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/** A "YYYY-MM-DD" date `days` later (earlier if negative). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The Monday of a "YYYY-MM-DD" date's week: weeks in the figures and themes begin on Monday. */
export const mondayOf = (date: string): string => addDays(date, -((dayOfWeek(date) + 6) % 7));

const MINUTE = 60_000;

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Whether `value` is a "HH:MM" time on the 24-hour clock, 00:00 to 23:59. */
export function isClockTime(value: string): boolean {
  return HHMM.test(value);
}

function hhmm(value: string): [number, number] {
  const m = HHMM.exec(value);
  if (!m) throw new Error(`not a HH:MM time: ${value}`);
  return [Number(m[1]), Number(m[2])];
}

/** Minutes after midnight of a "HH:MM" time (00:00 to 23:59); throws on anything else. */
export function minutesOfDay(time: string): number {
  const [h, m] = hhmm(time);
  return h * 60 + m;
}

/** Whether `timeZone` is an IANA zone this runtime knows, e.g. Europe/London. */
export function isTimeZone(timeZone: string): boolean {
  if (!timeZone) return false;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function wallClock(instant: number, timeZone: string) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year), month: Number(parts.month), day: Number(parts.day),
    hour: Number(parts.hour), minute: Number(parts.minute), second: Number(parts.second),
    weekday: parts.weekday as string,
  };
}

/** The local calendar date of an instant, "YYYY-MM-DD". */
export function localDate(instant: Date | number, timeZone: string): string {
  const w = wallClock(+instant, timeZone);
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

const HOUR = 3_600_000;
/** Each zone's hours' offsets found so far (a past hour's offset does not change), up to about ten years of hours. */
const hourOffsets = new Map<string, Map<number, number | null>>();
const HOURS_KEPT = 90_000;

/**
 * `localDate` for many instants in one zone (a period's rows bucketed by local day): each
 * UTC hour's offset found once. An hour whose first and last millisecond have one offset
 * has it throughout (a zone changes its offset at most once in an hour), so an instant in
 * it is dated from it; any other hour is dated instant by instant, as `localDate` does.
 */
export function localDates(timeZone: string): (instant: Date | number) => string {
  let offsets = hourOffsets.get(timeZone);
  if (!offsets || offsets.size > HOURS_KEPT) hourOffsets.set(timeZone, (offsets = new Map()));
  const known = offsets;
  const offsetAt = (t: number) => {
    const w = wallClock(t, timeZone);
    return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - t;
  };
  return (instant) => {
    const t = +instant;
    const hour = Math.floor(t / HOUR) * HOUR;
    let offset = known.get(hour);
    if (offset === undefined) {
      const first = offsetAt(hour);
      offset = first === offsetAt(hour + HOUR - 1000) ? first : null;
      known.set(hour, offset);
    }
    return offset === null ? localDate(t, timeZone) : new Date(t + offset).toISOString().slice(0, 10);
  };
}

/**
 * The instant at which the wall clock in `timeZone` reads `date` `time`. At the clock
 * changes: a time that does not exist is taken at the offset from before the change
 * (01:30 on the last Sunday of March in London is 01:30 GMT, which the clock shows as
 * 02:30 BST); a time that happens twice is taken at the offset from after the change
 * (01:30 on the last Sunday of October is 01:30 GMT, the second of the two).
 */
export function zonedInstant(date: string, time: string, timeZone: string): number {
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi] = hhmm(time);
  return fromWallClock(Date.UTC(y, mo - 1, d, h, mi), timeZone);
}

/** The instant at which the wall clock in `timeZone` reads what `asUtc` reads in UTC (see `zonedInstant`). */
function fromWallClock(asUtc: number, timeZone: string): number {
  // Offset of the zone at (about) that moment; check again at the result for DST edges.
  const offsetAt = (t: number) => {
    const whole = t - (((t % 1000) + 1000) % 1000); // the wall clock below has whole seconds
    const w = wallClock(whole, timeZone);
    return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - whole;
  };
  let guess = asUtc - offsetAt(asUtc);
  guess = asUtc - offsetAt(guess);
  return guess;
}

function nextDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

export function isWorkingDay(date: string, cal: WorkingCalendar): boolean {
  if (!(cal.workingDays ?? MONDAY_TO_FRIDAY).includes(dayOfWeek(date)) || cal.extraHolidays.includes(date)) return false;
  return !isEnglandAndWalesBankHoliday(date) || cal.removedHolidays.includes(date);
}

/** Minutes in one office day: "one working day" of deadline. */
export function workingDayMinutes(cal: Pick<WorkingCalendar, 'opens' | 'closes'>): number {
  const minutes = minutesOfDay(cal.closes) - minutesOfDay(cal.opens);
  if (minutes <= 0) throw new Error('office must close after it opens');
  return minutes;
}

/**
 * The instant `minutes` of working time after `start`. Time outside office hours, at
 * weekends and on bank holidays does not count; a start outside hours begins counting
 * at the next opening.
 */
export function addWorkingMinutes(start: Date | number, minutes: number, cal: WorkingCalendar): Date {
  workingDayMinutes(cal); // validates the office hours
  let remaining = minutes;
  for (const { open, close } of officeHours(start, cal)) {
    const from = Math.max(+start, open);
    if (from < close) {
      const available = (close - from) / MINUTE;
      if (remaining <= available) return new Date(from + remaining * MINUTE);
      remaining -= available;
    }
  }
  throw new Error('no working time found: check the bank holidays and office hours');
}

/**
 * Whole working minutes from `from` to `to` (negative when `to` is earlier): the clock
 * the deadlines run on, as a page says how long is left.
 */
export function workingMinutesBetween(from: Date | number, to: Date | number, cal: WorkingCalendar): number {
  if (+to < +from) return -workingMinutesBetween(to, from, cal);
  let total = 0;
  for (const { open, close } of officeHours(from, cal)) {
    if (open >= +to) break;
    total += Math.max(0, Math.min(+to, close) - Math.max(+from, open)) / MINUTE;
  }
  return Math.floor(total);
}

/**
 * The office's opening and closing instants on each working day, from the local date of
 * `from` on. Ten years of days is far beyond any deadline; the bound only guards bad
 * calendars.
 */
function* officeHours(from: Date | number, cal: WorkingCalendar): Generator<{ open: number; close: number }> {
  let date = localDate(from, cal.timeZone);
  for (let i = 0; i < 3660; i++, date = nextDate(date)) {
    if (isWorkingDay(date, cal)) yield { open: zonedInstant(date, cal.opens, cal.timeZone), close: zonedInstant(date, cal.closes, cal.timeZone) };
  }
}

export function addWorkingDays(start: Date | number, days: number, cal: WorkingCalendar): Date {
  return addWorkingMinutes(start, days * workingDayMinutes(cal), cal);
}

/** The first instant at or after `after` when the wall clock reads `time` on a working day. */
export function nextWorkingDayAt(after: Date | number, time: string, cal: WorkingCalendar, strictlyAfter = true): Date {
  let date = localDate(after, cal.timeZone);
  for (let i = 0; i < 3660; i++) {
    if (isWorkingDay(date, cal)) {
      const at = zonedInstant(date, time, cal.timeZone);
      if (strictlyAfter ? at > +after : at >= +after) return new Date(at);
    }
    date = nextDate(date);
  }
  throw new Error('no working day found: check the bank holidays');
}

/**
 * The instant N calendar months before `instant`: the same local wall-clock time in
 * `timeZone`, on the same day of the month N months earlier. "Within 12 months" at the
 * front door (a re-contact, a repeat referral) means at or after
 * `calendarMonthsBefore(now, 12, zone)`, not 365 days: a year with 29 February has 366.
 *
 * When that day does not exist in the earlier month, the last day of that month is used:
 * 12 months before 29 February 2028 is 28 February 2027; one month before 31 March is 28
 * (or 29) February. So 28 Feb 2029 and 29 Feb 2028 both look back to a 28 February.
 * At a clock change the wall-clock time is kept, not the elapsed hours: 12:00 BST on 29
 * March 2026 looks back to 12:00 GMT on 29 March 2025 (365 days less an hour); a time
 * that did not exist or happened twice that night is resolved as in `zonedInstant`.
 */
export function calendarMonthsBefore(instant: Date | number, months: number, timeZone: string): Date {
  if (!Number.isInteger(months) || months < 0) throw new RangeError(`months must be a whole number of at least 0: ${months}`);
  const t = +instant;
  const w = wallClock(t, timeZone);
  const ms = ((t % 1000) + 1000) % 1000;
  const monthIndex = w.year * 12 + (w.month - 1) - months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12; // 0-11
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(w.day, lastDay);
  return new Date(fromWallClock(Date.UTC(year, month, day, w.hour, w.minute, w.second, ms), timeZone));
}

/**
 * Whether `earlier` is within `months` calendar months before `later` (inclusive at both
 * ends): at or after `calendarMonthsBefore(later, months, timeZone)` and not after `later`.
 */
export function withinCalendarMonths(earlier: Date | number, later: Date | number, months: number, timeZone: string): boolean {
  return +earlier <= +later && +earlier >= +calendarMonthsBefore(later, months, timeZone);
}
