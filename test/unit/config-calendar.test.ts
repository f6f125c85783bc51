// The calendar settings (office hours, zone, meeting time, bank holidays), refused at
// start when they are not what they claim to be, with one line naming the variable.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadCalendar, loadPolicy } from '../../shared/config.js';
import { addWorkingMinutes, isWorkingDay } from '../../shared/working-time.js';

afterEach(() => vi.unstubAllEnvs());

/** The error message loading the policy stops with (one line), or undefined. */
function refusal(env: Record<string, string>): string | undefined {
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  try {
    loadPolicy();
    return undefined;
  } catch (err) {
    return (err as Error).message;
  } finally {
    vi.unstubAllEnvs();
  }
}

describe('bank holiday settings', () => {
  it('by default close on the England and Wales bank holidays of any year and nothing else', () => {
    const cal = loadCalendar();
    expect(cal.extraHolidays).toEqual([]);
    expect(cal.removedHolidays).toEqual([]);
    expect(isWorkingDay('2031-12-26', cal)).toBe(false); // Boxing Day 2031, beyond any hand-kept list
    expect(isWorkingDay('2031-12-24', cal)).toBe(true);
  });

  it('BANK_HOLIDAYS adds closed days to the rules', () => {
    vi.stubEnv('BANK_HOLIDAYS', ' 2026-11-12 ,2031-06-02,');
    const cal = loadCalendar();
    expect(cal.extraHolidays).toEqual(['2026-11-12', '2031-06-02']);
    expect(isWorkingDay('2026-11-12', cal)).toBe(false);
    expect(isWorkingDay('2026-12-25', cal)).toBe(false); // the rules still apply
    // Red from Wednesday 11 Nov 2026 16:00 GMT: 1h Wed, Thursday closed, 3h Friday → 12:00
    expect(addWorkingMinutes(new Date('2026-11-11T16:00:00Z'), 240, cal).toISOString()).toBe('2026-11-13T12:00:00.000Z');
  });

  it('BANK_HOLIDAYS_REMOVED opens on a rule holiday, so a moved one is a removal and an addition', () => {
    // Suppose the spring bank holiday 2026 were moved from Monday 25 May to Friday 29 May.
    vi.stubEnv('BANK_HOLIDAYS_REMOVED', '2026-05-25');
    vi.stubEnv('BANK_HOLIDAYS', '2026-05-29');
    const cal = loadCalendar();
    expect(isWorkingDay('2026-05-25', cal)).toBe(true);
    expect(isWorkingDay('2026-05-29', cal)).toBe(false);
    // Red from Friday 22 May 2026 15:00 BST (14:00Z): 2h Friday, 2h Monday 25 → 11:00 BST
    expect(addWorkingMinutes(new Date('2026-05-22T14:00:00Z'), 240, cal).toISOString()).toBe('2026-05-25T10:00:00.000Z');
  });

  it('refuses a value that is not a list of real weekday dates, naming the variable', () => {
    expect(refusal({ BANK_HOLIDAYS: '2026-02-30' })).toBe('BANK_HOLIDAYS must be a comma-separated list of YYYY-MM-DD dates: "2026-02-30" is not a date');
    expect(refusal({ BANK_HOLIDAYS: '2026-11-12;2026-11-13' })).toMatch(/^BANK_HOLIDAYS must be/);
    expect(refusal({ BANK_HOLIDAYS: '12/11/2026' })).toMatch(/^BANK_HOLIDAYS must be/);
    expect(refusal({ BANK_HOLIDAYS: '2026-11-14' })).toBe('BANK_HOLIDAYS: 2026-11-14 is a Saturday, never a working day anyway');
    expect(refusal({ BANK_HOLIDAYS_REMOVED: '2026-5-25' })).toMatch(/^BANK_HOLIDAYS_REMOVED must be/);
  });

  it('refuses to remove a day that is not a bank holiday, or one also added', () => {
    expect(refusal({ BANK_HOLIDAYS_REMOVED: '2026-05-26' })).toBe('BANK_HOLIDAYS_REMOVED: 2026-05-26 is not an England and Wales bank holiday');
    expect(refusal({ BANK_HOLIDAYS_REMOVED: '2026-05-25', BANK_HOLIDAYS: '2026-05-25' })).toBe('BANK_HOLIDAYS_REMOVED: 2026-05-25 is also in BANK_HOLIDAYS');
  });
});

describe('working days', () => {
  it('are Monday to Friday by default; WORKING_DAYS names others, a weekend front door counts its Saturdays', () => {
    expect(isWorkingDay('2026-11-14', loadCalendar())).toBe(false); // a Saturday
    vi.stubEnv('WORKING_DAYS', 'Mon,Tue,Wed,Thu,Fri,sat');
    const cal = loadCalendar();
    expect(cal.workingDays).toEqual([1, 2, 3, 4, 5, 6]);
    expect(isWorkingDay('2026-11-14', cal)).toBe(true);
    expect(isWorkingDay('2026-11-15', cal)).toBe(false); // a Sunday
    // Friday 16:30 + 4 working hours: Saturday 12:30, not Monday.
    expect(addWorkingMinutes(Date.parse('2026-11-13T16:30:00Z'), 240, cal).toISOString()).toBe('2026-11-14T12:30:00.000Z');
    // A closure on a Saturday is now a real closure.
    vi.stubEnv('BANK_HOLIDAYS', '2026-11-14');
    expect(isWorkingDay('2026-11-14', loadCalendar())).toBe(false);
  });

  it('refuse a name that is not a day, naming it', () => {
    expect(refusal({ WORKING_DAYS: 'Mon,Tues' })).toBe('WORKING_DAYS must be a comma-separated list of Sun, Mon, Tue, Wed, Thu, Fri, Sat: "Tues" is not a day');
  });
});

describe('office hours, zone and meeting time', () => {
  it('default to 09:00-17:00 Europe/London with the meeting at 10:00, one working day being 480 minutes', () => {
    const policy = loadPolicy();
    expect(policy.calendar).toMatchObject({ timeZone: 'Europe/London', opens: '09:00', closes: '17:00' });
    expect(policy.meetingTime).toBe('10:00');
    expect(policy.decisionWorkingMinutes).toEqual({ red: 240, amber: 480, green: 1440 });
    expect(policy.statutoryWorkingMinutes).toBe(480);
  });

  it('derive one working day from OFFICE_HOURS', () => {
    vi.stubEnv('OFFICE_HOURS', '08:30-17:00');
    vi.stubEnv('OFFICE_TIME_ZONE', 'Europe/Dublin');
    vi.stubEnv('PITSTOP_MEETING_TIME', '08:30');
    const policy = loadPolicy();
    expect(policy.calendar).toMatchObject({ timeZone: 'Europe/Dublin', opens: '08:30', closes: '17:00' });
    expect(policy.meetingTime).toBe('08:30');
    expect(policy.decisionWorkingMinutes).toEqual({ red: 240, amber: 510, green: 1530 });
    expect(policy.statutoryWorkingMinutes).toBe(510);
  });

  it('refuse OFFICE_HOURS that are not HH:MM-HH:MM or do not close after opening', () => {
    for (const bad of ['9:00-17:00', '09:00 - 17:00', '09:00', '09:00-24:00', '09:60-17:00', 'nine to five']) {
      expect(refusal({ OFFICE_HOURS: bad }), bad).toBe(`OFFICE_HOURS must be "HH:MM-HH:MM" (24-hour clock), e.g. 09:00-17:00: got "${bad}"`);
    }
    expect(refusal({ OFFICE_HOURS: '17:00-09:00' })).toBe('OFFICE_HOURS must close after it opens: got "17:00-09:00"');
    expect(refusal({ OFFICE_HOURS: '09:00-09:00' })).toBe('OFFICE_HOURS must close after it opens: got "09:00-09:00"');
  });

  it('refuse an OFFICE_TIME_ZONE that is not an IANA zone', () => {
    expect(refusal({ OFFICE_TIME_ZONE: 'Europe/Londres' })).toBe('OFFICE_TIME_ZONE must be an IANA time zone, e.g. Europe/London: got "Europe/Londres"');
    expect(refusal({ OFFICE_TIME_ZONE: 'BST+1' })).toMatch(/^OFFICE_TIME_ZONE must be/);
  });

  it('close the agenda an hour before the meeting by default, and refuse an AGENDA_CUT_OFF after the meeting', () => {
    expect(loadPolicy().agendaCutOff).toBe('09:00');
    vi.stubEnv('PITSTOP_MEETING_TIME', '11:30');
    expect(loadPolicy().agendaCutOff).toBe('10:30');
    vi.unstubAllEnvs();
    expect(refusal({ AGENDA_CUT_OFF: '10:01' })).toBe('AGENDA_CUT_OFF must be at or before the meeting (10:00): got "10:01"');
    expect(refusal({ AGENDA_CUT_OFF: '9am' })).toBe('AGENDA_CUT_OFF must be "HH:MM" (24-hour clock), e.g. 09:00: got "9am"');
  });

  it('refuse a PITSTOP_MEETING_TIME that is not HH:MM or falls outside office hours', () => {
    expect(refusal({ PITSTOP_MEETING_TIME: '10am' })).toBe('PITSTOP_MEETING_TIME must be "HH:MM" (24-hour clock), e.g. 10:00: got "10am"');
    expect(refusal({ PITSTOP_MEETING_TIME: '08:59' })).toBe('PITSTOP_MEETING_TIME must be within office hours (09:00-17:00): got "08:59"');
    expect(refusal({ PITSTOP_MEETING_TIME: '17:00' })).toBe('PITSTOP_MEETING_TIME must be within office hours (09:00-17:00): got "17:00"');
    expect(refusal({ PITSTOP_MEETING_TIME: '18:00', OFFICE_HOURS: '10:00-19:00' })).toBeUndefined();
    expect(refusal({ PITSTOP_MEETING_TIME: '09:00' })).toBeUndefined();
  });

  it('every refusal is one line', () => {
    for (const name of ['OFFICE_HOURS', 'OFFICE_TIME_ZONE', 'PITSTOP_MEETING_TIME', 'BANK_HOLIDAYS', 'BANK_HOLIDAYS_REMOVED']) {
      expect(refusal({ [name]: 'x' }), name).toMatch(new RegExp(`^${name}[ :][^\\n]*$`));
    }
  });
});
