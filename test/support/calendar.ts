// A front door open every hour of every day, for tests that must meet "today" whenever
// they run: a red contact is triaged at once only while the front door is open (out of
// hours it waits for the next working day's agenda), and a meeting opens only on its day.
// Its working day is 24 hours, so the allowances counted in working days (an amber
// decision, the statutory backstop) are 24 hours too: with an 8-hour allowance on a 24-hour
// calendar an amber contact received after the meeting would be due before the next one,
// and triaged at once, depending on the hour the test runs.
import { isEnglandAndWalesBankHoliday } from '../../shared/bank-holidays.js';
import { loadCalendar, loadPolicy, type FrontDoorPolicy } from '../../shared/config.js';
import { localDate } from '../../shared/working-time.js';

export function alwaysOpen(): FrontDoorPolicy {
  const calendar = loadCalendar();
  const days = [-1, 0, 1, 2].map((d) => localDate(Date.now() + d * 86_400_000, calendar.timeZone));
  return loadPolicy({
    ...calendar,
    opens: '00:00',
    closes: '23:59',
    workingDays: [0, 1, 2, 3, 4, 5, 6],
    // Bank holidays around the run are worked too.
    extraHolidays: [],
    removedHolidays: days.filter(isEnglandAndWalesBankHoliday),
  });
}
