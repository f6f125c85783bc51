// The calendar settings: bank holidays by rule plus local changes, refused at start when
// they are not what they claim to be, with one line naming the variable.
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
