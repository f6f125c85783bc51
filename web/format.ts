// Dates, ages and time left, as people at the front door read them: local time of the
// office, GOV.UK style ("20 November 2026 at 8:42am"), deadlines in working time.
import { workingDayMinutes, workingMinutesBetween, type WorkingCalendar } from '../shared/working-time.js';

/**
 * One formatter per style and time zone, made once: making an Intl.DateTimeFormat costs
 * far more than formatting with it, and a list page formats hundreds of dates.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
export function dateFormat(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = JSON.stringify(options);
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.DateTimeFormat('en-GB', options)));
  return f;
}

export function formatDateTime(iso: string | Date | undefined, timeZone: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(+d)) return '';
  const date = dateFormat({ timeZone, day: 'numeric', month: 'long', year: 'numeric' }).format(d);
  const parts = dateFormat({ timeZone, hour: 'numeric', minute: '2-digit', hour12: true }).formatToParts(d);
  const hour = parts.find((p) => p.type === 'hour')?.value ?? '';
  const minute = parts.find((p) => p.type === 'minute')?.value ?? '00';
  const period = (parts.find((p) => p.type === 'dayPeriod')?.value ?? '').toLowerCase().replace(/\./g, '');
  // GOV.UK style: midday and midnight in words, "8am" rather than "8:00am".
  const h = Number(hour);
  const time = minute === '00' && h === 12 ? (period === 'pm' ? 'midday' : 'midnight') : `${h}${minute === '00' ? '' : `:${minute}`}${period}`;
  return `${date} at ${time}`;
}

/** For dense tables: "23 Nov 2026, 21:16:05" (seconds matter in an audit trail). */
export function formatShortDateTime(iso: string | Date | undefined, timeZone: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(+d)) return '';
  const date = dateFormat({ timeZone, day: 'numeric', month: 'short', year: 'numeric' }).format(d);
  const time = dateFormat({ timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(d);
  return `${date}, ${time}`;
}

export function formatDate(iso: string | Date | undefined, timeZone = 'Europe/London'): string {
  if (!iso) return '';
  const d = typeof iso === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T12:00:00Z`) : new Date(iso);
  if (Number.isNaN(+d)) return '';
  return dateFormat({ timeZone, day: 'numeric', month: 'long', year: 'numeric' }).format(d);
}

export function formatDayDate(date: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  return dateFormat({ timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(d);
}

/** A child's age on `today` (local date), from a date of birth: "8 years", "7 months". */
export function ageOn(dateOfBirth: string | undefined, today: string): string {
  if (!dateOfBirth) return '';
  const [by, bm, bd] = dateOfBirth.split('-').map(Number);
  const [ty, tm, td] = today.split('-').map(Number);
  let months = (ty - by) * 12 + (tm - bm) - (td < bd ? 1 : 0);
  if (months < 0) return 'not yet born';
  if (months < 24) return months === 1 ? '1 month' : `${months} months`;
  months = Math.floor(months / 12);
  return `${months} years`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export interface TimeLeft {
  text: string;
  /** GOV.UK tag colour class. */
  colour: 'red' | 'orange' | 'yellow' | 'grey' | 'green';
  overdue: boolean;
  minutes: number;
}

/** "3 working hours 20 minutes left", or "Overdue": the queue card's time-left tag. */
export function timeLeft(dueAt: string | undefined, now: number, cal: WorkingCalendar): TimeLeft | undefined {
  if (!dueAt) return undefined;
  const due = +new Date(dueAt);
  if (due <= now) return { text: 'Overdue', colour: 'red', overdue: true, minutes: 0 };
  const minutes = workingMinutesBetween(now, due, cal);
  const day = workingDayMinutes(cal);
  let text: string;
  if (minutes < 60) text = `${plural(Math.max(minutes, 1), 'minute')} left`;
  else if (minutes < day) {
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    text = `${plural(h, 'working hour')}${m ? ` ${plural(m, 'minute')}` : ''} left`;
  } else {
    const d = Math.floor(minutes / day);
    const h = Math.floor((minutes % day) / 60);
    text = `${plural(d, 'working day')}${h ? ` ${plural(h, 'hour')}` : ''} left`;
  }
  const colour = minutes < 60 ? 'orange' : minutes < day ? 'yellow' : 'grey';
  return { text, colour, overdue: false, minutes };
}

/** The children a case is about, on one line: "Mia Example (10 years), Leo Example (3 years)". */
export function childrenLine(children: readonly { givenName?: string | null; familyName?: string | null; dateOfBirth?: string | null }[] | undefined, today: string): string {
  return (children ?? [])
    .map((c) => {
      const name = [c.givenName, c.familyName].filter(Boolean).join(' ') || 'Name not known';
      const age = ageOn(c.dateOfBirth ?? undefined, today);
      return age ? `${name} (${age})` : name;
    })
    .join(', ');
}
