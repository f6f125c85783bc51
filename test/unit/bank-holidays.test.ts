// England and Wales bank holidays by rule, checked against the published GOV.UK lists
// written out by hand (not generated), including the substitute days and the one-offs.
import { describe, expect, it } from 'vitest';
import { easterSunday, englandAndWalesBankHolidays, isEnglandAndWalesBankHoliday, isIsoDate } from '../../shared/bank-holidays.js';

const published: Record<number, string[]> = {
  2011: [
    '2011-01-03', // New Year's Day (Saturday) substitute
    '2011-04-22', '2011-04-25',
    '2011-04-29', // royal wedding
    '2011-05-02', '2011-05-30', '2011-08-29',
    '2011-12-26', // Christmas Day (Sunday): Boxing Day Monday 26,
    '2011-12-27', // Christmas substitute Tuesday 27
  ],
  2012: [
    '2012-01-02', // New Year's Day (Sunday) substitute
    '2012-04-06', '2012-04-09', '2012-05-07',
    '2012-06-04', // spring bank holiday moved from 28 May
    '2012-06-05', // Diamond Jubilee
    '2012-08-27', '2012-12-25', '2012-12-26',
  ],
  2019: ['2019-01-01', '2019-04-19', '2019-04-22', '2019-05-06', '2019-05-27', '2019-08-26', '2019-12-25', '2019-12-26'],
  2020: [
    '2020-01-01', '2020-04-10', '2020-04-13',
    '2020-05-08', // early May moved from Monday 4 May to Friday 8 May (VE day)
    '2020-05-25', '2020-08-31', '2020-12-25',
    '2020-12-28', // Boxing Day (Saturday) substitute
  ],
  2021: [
    '2021-01-01', '2021-04-02', '2021-04-05', '2021-05-03', '2021-05-31', '2021-08-30',
    '2021-12-27', '2021-12-28', // Christmas (Saturday) and Boxing Day (Sunday) substitutes
  ],
  2022: [
    '2022-01-03', // New Year's Day (Saturday) substitute
    '2022-04-15', '2022-04-18', '2022-05-02',
    '2022-06-02', // spring bank holiday moved from 30 May
    '2022-06-03', // Platinum Jubilee
    '2022-08-29',
    '2022-09-19', // State Funeral of Queen Elizabeth II
    '2022-12-26', // Boxing Day (Monday)
    '2022-12-27', // Christmas Day (Sunday) substitute
  ],
  2023: [
    '2023-01-02', // New Year's Day (Sunday) substitute
    '2023-04-07', '2023-04-10', '2023-05-01',
    '2023-05-08', // coronation of King Charles III
    '2023-05-29', '2023-08-28', '2023-12-25', '2023-12-26',
  ],
  2024: ['2024-01-01', '2024-03-29', '2024-04-01', '2024-05-06', '2024-05-27', '2024-08-26', '2024-12-25', '2024-12-26'],
  2025: ['2025-01-01', '2025-04-18', '2025-04-21', '2025-05-05', '2025-05-26', '2025-08-25', '2025-12-25', '2025-12-26'],
  2026: ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28'],
  2027: ['2027-01-01', '2027-03-26', '2027-03-29', '2027-05-03', '2027-05-31', '2027-08-30', '2027-12-27', '2027-12-28'],
  2028: ['2028-01-03', '2028-04-14', '2028-04-17', '2028-05-01', '2028-05-29', '2028-08-28', '2028-12-25', '2028-12-26'],
};

describe('England and Wales bank holidays', () => {
  for (const [year, days] of Object.entries(published)) {
    it(`match the published list for ${year}`, () => {
      expect(englandAndWalesBankHolidays(Number(year))).toEqual(days);
    });
  }

  it('go on past the years anyone wrote down: eight a year, none at a weekend', () => {
    for (let year = 2029; year <= 2100; year++) {
      const days = englandAndWalesBankHolidays(year);
      expect(days, String(year)).toHaveLength(8);
      for (const day of days) expect([0, 6], day).not.toContain(new Date(`${day}T00:00:00Z`).getUTCDay());
    }
  });

  it('put the Christmas substitutes right in each weekday arrangement', () => {
    // 2032: Christmas on a Saturday; 2033: on a Sunday; 2037: on a Friday (Boxing Day Saturday)
    expect(englandAndWalesBankHolidays(2032).slice(-2)).toEqual(['2032-12-27', '2032-12-28']);
    expect(englandAndWalesBankHolidays(2033).slice(-2)).toEqual(['2033-12-26', '2033-12-27']);
    expect(englandAndWalesBankHolidays(2037).slice(-2)).toEqual(['2037-12-25', '2037-12-28']);
  });

  it('find Easter Sunday by the Gregorian computus, at its extremes too', () => {
    expect(easterSunday(2000)).toBe('2000-04-23');
    expect(easterSunday(2008)).toBe('2008-03-23');
    expect(easterSunday(2024)).toBe('2024-03-31');
    expect(easterSunday(2038)).toBe('2038-04-25'); // the latest possible date
    expect(easterSunday(2285)).toBe('2285-03-22'); // the earliest possible date
  });

  it('refuse a year they cannot answer for', () => {
    expect(() => englandAndWalesBankHolidays(1066)).toThrow(RangeError);
    expect(() => englandAndWalesBankHolidays(2026.5)).toThrow(RangeError);
  });

  it('answer for a single date', () => {
    expect(isEnglandAndWalesBankHoliday('2030-04-22')).toBe(true); // Easter Monday 2030 (Easter 21 April)
    expect(isEnglandAndWalesBankHoliday('2022-05-30')).toBe(false); // moved to 2 June that year
    expect(isEnglandAndWalesBankHoliday('2026-12-24')).toBe(false); // Christmas Eve is a working day
  });

  it('tell a real YYYY-MM-DD date from a look-alike', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
    for (const bad of ['0999-01-01', '2027-02-29', '2026-13-01', '2026-04-31', '2026-4-3', '03/04/2026', '2026-04-03T00:00', '']) expect(isIsoDate(bad), bad).toBe(false);
  });
});
