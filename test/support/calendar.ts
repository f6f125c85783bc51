// A front door open every hour of every day, for tests that must meet "today" whenever
// they run: a red contact is triaged at once only while the front door is open (out of
// hours it waits for the next working day's agenda), and a meeting opens only on its day.
import { isEnglandAndWalesBankHoliday } from '../../shared/bank-holidays.js';
import { loadCalendar, type FrontDoorPolicy } from '../../shared/config.js';
import { localDate } from '../../shared/working-time.js';

export function alwaysOpen(): Pick<FrontDoorPolicy, 'calendar'> {
  const calendar = loadCalendar();
  const days = [-1, 0, 1, 2].map((d) => localDate(Date.now() + d * 86_400_000, calendar.timeZone));
  return {
    calendar: {
      ...calendar,
      opens: '00:00',
      closes: '23:59',
      workingDays: [0, 1, 2, 3, 4, 5, 6],
      // Bank holidays around the run are worked too.
      extraHolidays: [],
      removedHolidays: days.filter(isEnglandAndWalesBankHoliday),
    },
  };
}
