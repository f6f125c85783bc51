// England and Wales bank holidays by rule, for any year, with no network at run time.
//
// The rules (Banking and Financial Dealings Act 1971 and the royal proclamations made
// under it, as published on GOV.UK):
//   - New Year's Day, 1 January
//   - Good Friday and Easter Monday (Easter Sunday by the Gregorian computus)
//   - Early May bank holiday, the first Monday of May
//   - Spring bank holiday, the last Monday of May
//   - Summer bank holiday, the last Monday of August
//   - Christmas Day and Boxing Day, 25 and 26 December
// A holiday that falls on a Saturday or Sunday is observed on the next weekday that is
// not already a holiday ("substitute day"): Christmas on a Saturday gives Monday 27 and
// Tuesday 28 December; Christmas on a Sunday gives Monday 26 (Boxing Day) and Tuesday 27
// (Christmas substitute).
//
// On top of the rules, the one-off changes proclaimed so far (ONE_OFF_CHANGES below).
// A one-off announced after this code was written is configuration, not a code change:
// BANK_HOLIDAYS adds a day, BANK_HOLIDAYS_REMOVED takes out a day the rules give (a
// moved holiday is both). The rules are those in force since 1978, when the early May
// bank holiday began; for earlier years the answer is today's rules, not history.

// Years the functions below take: the Gregorian calendar (from 1583, its first full year)
// to four digits. Outside them they throw rather than answer wrongly.
const FIRST_YEAR = 1583;
const LAST_YEAR = 9999;

/** A real Gregorian calendar date written "YYYY-MM-DD" (so 2026-02-29 and 2026-13-01 are not). */
export function isIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < FIRST_YEAR) return false;
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

const iso = (y: number, month: number, day: number) => new Date(Date.UTC(y, month - 1, day)).toISOString().slice(0, 10);
const dayOfWeek = (y: number, month: number, day: number) => new Date(Date.UTC(y, month - 1, day)).getUTCDay();

/** Easter Sunday in the Gregorian calendar (anonymous Gregorian algorithm, "Meeus/Jones/Butcher"). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return iso(year, month, day);
}

function firstMonday(year: number, month: number): number {
  return 1 + ((8 - dayOfWeek(year, month, 1)) % 7);
}

function lastMonday(year: number, month: number): number {
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return last - ((dayOfWeek(year, month, last) + 6) % 7);
}

/**
 * One-off changes proclaimed for particular years: a holiday moved (`moved`, from the
 * rule date to another) or an extra day (`added`). Each is a published GOV.UK entry.
 */
const ONE_OFF_CHANGES: Record<number, { moved?: Record<string, string>; added?: string[] }> = {
  1981: { added: ['1981-07-29'] }, // wedding of the Prince of Wales
  1995: { moved: { '1995-05-01': '1995-05-08' } }, // early May moved for the 50th anniversary of VE day
  1999: { added: ['1999-12-31'] }, // the millennium
  2002: { moved: { '2002-05-27': '2002-06-04' }, added: ['2002-06-03'] }, // Golden Jubilee
  2011: { added: ['2011-04-29'] }, // wedding of Prince William and Catherine Middleton
  2012: { moved: { '2012-05-28': '2012-06-04' }, added: ['2012-06-05'] }, // Diamond Jubilee
  2020: { moved: { '2020-05-04': '2020-05-08' } }, // early May moved to VE day (75th anniversary)
  2022: { moved: { '2022-05-30': '2022-06-02' }, added: ['2022-06-03', '2022-09-19'] }, // Platinum Jubilee; State Funeral of Queen Elizabeth II
  2023: { added: ['2023-05-08'] }, // coronation of King Charles III
};

const byYear = new Map<number, readonly string[]>();

/** The England and Wales bank holidays of `year`, "YYYY-MM-DD", in date order. */
export function englandAndWalesBankHolidays(year: number): readonly string[] {
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > LAST_YEAR) throw new RangeError(`bank holidays: not a year from ${FIRST_YEAR} to ${LAST_YEAR}: ${year}`);
  const cached = byYear.get(year);
  if (cached) return cached;

  const easter = easterSunday(year);
  const [, em, ed] = easter.split('-').map(Number);
  // Fixed dates that may need a substitute day; the Monday holidays never do.
  const fixed = [iso(year, 1, 1), iso(year, 12, 25), iso(year, 12, 26)];
  const mondays = [
    iso(year, em, ed - 2), // Good Friday
    iso(year, em, ed + 1), // Easter Monday
    iso(year, 5, firstMonday(year, 5)),
    iso(year, 5, lastMonday(year, 5)),
    iso(year, 8, lastMonday(year, 8)),
  ];
  const days = new Set(mondays);
  const isWeekend = (date: string) => {
    const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
    return dow === 0 || dow === 6;
  };
  // Holidays on weekdays keep their date; then each weekend one takes the next free
  // weekday (so Christmas on a Sunday leaves Boxing Day on Monday 26, Christmas on 27).
  for (const date of fixed) if (!isWeekend(date)) days.add(date);
  for (const date of fixed) {
    if (!isWeekend(date)) continue;
    const [y, m, d] = date.split('-').map(Number);
    let next = d;
    let observed = date;
    while (isWeekend(observed) || days.has(observed)) observed = iso(y, m, ++next);
    days.add(observed);
  }

  const change = ONE_OFF_CHANGES[year];
  for (const [from, to] of Object.entries(change?.moved ?? {})) {
    if (!days.delete(from)) throw new Error(`bank holiday rules: ${from} is not a rule date`); // a mistake in the table
    days.add(to);
  }
  for (const date of change?.added ?? []) days.add(date);

  const list = Object.freeze([...days].sort());
  byYear.set(year, list);
  return list;
}

/** Whether `date` ("YYYY-MM-DD") is an England and Wales bank holiday. */
export function isEnglandAndWalesBankHoliday(date: string): boolean {
  return englandAndWalesBankHolidays(Number(date.slice(0, 4))).includes(date);
}
