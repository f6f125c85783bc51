// The office calendar and the meeting's times from the environment (OFFICE_HOURS,
// OFFICE_TIME_ZONE, WORKING_DAYS, BANK_HOLIDAYS, BANK_HOLIDAYS_REMOVED, PITSTOP_MEETING_TIME,
// AGENDA_CUT_OFF): each refused with one line naming the variable. Read by config.ts.
import { isEnglandAndWalesBankHoliday, isIsoDate } from './bank-holidays.js';
import { dayOfWeek, isClockTime, isTimeZone, minutesOfDay, MONDAY_TO_FRIDAY, type WorkingCalendar } from './working-time.js';

/** OFFICE_HOURS, "HH:MM-HH:MM" local time, closing after opening. */
function officeHoursEnv(): { opens: string; closes: string } {
  const raw = (process.env.OFFICE_HOURS || '09:00-17:00').trim();
  const m = /^(\d\d:\d\d)-(\d\d:\d\d)$/.exec(raw);
  if (!m || !isClockTime(m[1]) || !isClockTime(m[2])) throw new Error(`OFFICE_HOURS must be "HH:MM-HH:MM" (24-hour clock), e.g. 09:00-17:00: got "${raw}"`);
  const [, opens, closes] = m;
  if (minutesOfDay(closes) <= minutesOfDay(opens)) throw new Error(`OFFICE_HOURS must close after it opens: got "${raw}"`);
  return { opens, closes };
}

/** OFFICE_TIME_ZONE, an IANA zone. */
function timeZoneEnv(): string {
  const zone = (process.env.OFFICE_TIME_ZONE || 'Europe/London').trim();
  if (!isTimeZone(zone)) throw new Error(`OFFICE_TIME_ZONE must be an IANA time zone, e.g. Europe/London: got "${zone}"`);
  return zone;
}

/** AGENDA_CUT_OFF, "HH:MM", at or before the meeting (default: an hour before it, 09:00). */
export function agendaCutOffEnv(meetingTime: string): string {
  const hourBefore = Math.max(0, minutesOfDay(meetingTime) - 60);
  const fallback = `${String(Math.floor(hourBefore / 60)).padStart(2, '0')}:${String(hourBefore % 60).padStart(2, '0')}`;
  const time = (process.env.AGENDA_CUT_OFF || fallback).trim();
  if (!isClockTime(time)) throw new Error(`AGENDA_CUT_OFF must be "HH:MM" (24-hour clock), e.g. 09:00: got "${time}"`);
  if (minutesOfDay(time) > minutesOfDay(meetingTime)) throw new Error(`AGENDA_CUT_OFF must be at or before the meeting (${meetingTime}): got "${time}"`);
  return time;
}

/** PITSTOP_MEETING_TIME, "HH:MM", at or after opening and before closing. */
export function meetingTimeEnv(opens: string, closes: string): string {
  const time = (process.env.PITSTOP_MEETING_TIME || '10:00').trim();
  if (!isClockTime(time)) throw new Error(`PITSTOP_MEETING_TIME must be "HH:MM" (24-hour clock), e.g. 10:00: got "${time}"`);
  if (minutesOfDay(time) < minutesOfDay(opens) || minutesOfDay(time) >= minutesOfDay(closes)) {
    throw new Error(`PITSTOP_MEETING_TIME must be within office hours (${opens}-${closes}): got "${time}"`);
  }
  return time;
}

const dayNames = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

/** WORKING_DAYS, the days of the week the front door works: "Mon,Tue,Wed,Thu,Fri" by default. */
function workingDaysEnv(): number[] {
  const raw = process.env.WORKING_DAYS?.trim();
  if (!raw) return [...MONDAY_TO_FRIDAY];
  const days = raw.split(',').map((name) => {
    const day = dayNames.findIndex((d) => d.toLowerCase() === name.trim().toLowerCase());
    if (day < 0) throw new Error(`WORKING_DAYS must be a comma-separated list of ${dayNames.join(', ')}: "${name.trim()}" is not a day`);
    return day;
  });
  return [...new Set(days)].sort();
}

/** A comma-separated list of "YYYY-MM-DD" working weekdays (a closure on a day never worked changes nothing, so it is a typo). */
function weekdayListEnv(name: string, workingDays: readonly number[]): string[] {
  const days = (process.env[name] ?? '').split(',').map((d) => d.trim()).filter(Boolean);
  for (const day of days) {
    if (!isIsoDate(day)) throw new Error(`${name} must be a comma-separated list of YYYY-MM-DD dates: "${day}" is not a date`);
    const dow = dayOfWeek(day);
    if (!workingDays.includes(dow)) throw new Error(`${name}: ${day} is a ${dow === 0 ? 'Sunday' : dow === 6 ? 'Saturday' : dayNames[dow]}, never a working day anyway`);
  }
  return [...new Set(days)].sort();
}

/**
 * The office calendar. England and Wales bank holidays come from the rules in
 * bank-holidays.ts for every year; BANK_HOLIDAYS adds closed days (a one-off announced
 * after this release, a local closure day) and BANK_HOLIDAYS_REMOVED takes out rule days
 * the office works (a holiday moved by proclamation: remove the old date, add the new).
 */
export function loadCalendar(): WorkingCalendar {
  const { opens, closes } = officeHoursEnv();
  const workingDays = workingDaysEnv();
  const extraHolidays = weekdayListEnv('BANK_HOLIDAYS', workingDays);
  const removedHolidays = weekdayListEnv('BANK_HOLIDAYS_REMOVED', workingDays);
  for (const day of removedHolidays) {
    if (!isEnglandAndWalesBankHoliday(day)) throw new Error(`BANK_HOLIDAYS_REMOVED: ${day} is not an England and Wales bank holiday`);
    if (extraHolidays.includes(day)) throw new Error(`BANK_HOLIDAYS_REMOVED: ${day} is also in BANK_HOLIDAYS`);
  }
  return { timeZone: timeZoneEnv(), opens, closes, extraHolidays, removedHolidays, workingDays };
}
