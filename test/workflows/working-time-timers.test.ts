// The decision timer runs in working time across a weekend and a bank holiday, on any
// day the suite runs: every weekday from today to next Monday is declared a closed day
// (BANK_HOLIDAYS), so a red contact received now is due at 13:00 on the Tuesday after
// next weekend (or the first working day after it, if the England and Wales rules make
// that Tuesday a bank holiday too, as on 28 December 2027).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isWorkingDay, localDate, zonedInstant, type WorkingCalendar } from '../../shared/working-time.js';
import { freshNotification } from '../support/fixtures.js';
import { timeSkippingEnv, untilStatus, workflowHarness, type WorkflowHarness } from '../support/workflow-env.js';

let h: WorkflowHarness;
let monday: string;
let tuesday: string;
let holidays: string[];

const addDays = (date: string, n: number) => {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
};
const dayOfWeek = (date: string) => new Date(`${date}T12:00:00Z`).getUTCDay();

beforeAll(async () => {
  // The time-skipping server starts at the real clock: read it to plan the calendar.
  const probe = await timeSkippingEnv();
  const today = localDate(await probe.currentTimeMs(), 'Europe/London');
  await probe.teardown();
  // Next Monday strictly after the coming weekend.
  monday = addDays(today, 1);
  while (dayOfWeek(monday) !== 1) monday = addDays(monday, 1);
  if (dayOfWeek(today) === 1) monday = addDays(today, 7);
  holidays = [];
  for (let d = today; d <= monday; d = addDays(d, 1)) if (dayOfWeek(d) !== 0 && dayOfWeek(d) !== 6) holidays.push(d);
  const calendar: WorkingCalendar = { timeZone: 'Europe/London', opens: '09:00', closes: '17:00', extraHolidays: holidays, removedHolidays: [] };
  tuesday = addDays(monday, 1);
  while (!isWorkingDay(tuesday, calendar)) tuesday = addDays(tuesday, 1);
  h = await workflowHarness('working-time', { calendar });
});
afterAll(async () => h?.teardown());

describe('decision timer in working time', () => {
  it('is due four working hours into the first working day after a weekend and a bank holiday, and fires then', async () => {
    const handle = await h.startContact(freshNotification((n) => (n.riskGrading = 'high')));
    const s = await untilStatus(handle, (s) => s.stage === 'awaiting_decision');
    const due = new Date(zonedInstant(tuesday, '13:00', 'Europe/London')).toISOString();
    expect(s.decisionDueAt).toBe(due);
    expect(holidays).toContain(monday); // the Monday was a closed day

    const now = await h.env.currentTimeMs();
    await h.env.sleep(Date.parse(due) - now - 5 * 60_000);
    expect((await untilStatus(handle, () => true)).breached).toBe(false);
    await h.env.sleep(10 * 60_000);
    const breached = await untilStatus(handle, (s) => s.breached);
    expect(breached.escalations[0]).toMatchObject({ kind: 'decision_deadline_breached', dueAt: due });
    await handle.terminate('test finished');
  });
});
