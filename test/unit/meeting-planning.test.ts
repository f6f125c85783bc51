// Which PIT Stop a contact goes to. The rules (activities/planning.ts): red is triaged at
// once, when the front door is open; amber and green go to the next meeting whose agenda
// is still open, but never to a meeting that starts after the decision deadline or the
// statutory backstop. Europe/London is on GMT in late November, so local = UTC here.
import { describe, expect, it } from 'vitest';
import { planContact } from '../../activities/planning.js';
import type { RagRating } from '../../shared/codes.js';
import { loadPolicy } from '../../shared/config.js';
import { isWorkingDay, localDate } from '../../shared/working-time.js';

const policy = loadPolicy(); // office 09:00-17:00, meeting 10:00, agenda cut-off 09:00
const plan = (at: string, rating: RagRating, p = policy) => planContact(p, { receivedAt: Date.parse(at), from: Date.parse(at), rating });

describe('a red contact', () => {
  it('received on a Saturday is triaged when the front door opens on Monday, and is on Monday\'s agenda', () => {
    const red = plan('2026-11-28T14:00:00.000Z', 'red'); // Saturday
    expect(red.meeting).toMatchObject({ date: '2026-11-30', startsAt: '2026-11-30T09:00:00.000Z', immediate: true });
    expect(red.decisionDueAt).toBe('2026-11-30T13:00:00.000Z'); // 4 working hours from Monday's opening
  });

  it('received after the office closes is triaged the next working morning', () => {
    expect(plan('2026-11-24T17:30:00.000Z', 'red').meeting).toMatchObject({ date: '2026-11-25', startsAt: '2026-11-25T09:00:00.000Z', immediate: true });
    // Friday night before a bank holiday Monday (Christmas 2026 falls on a Friday: the 28th is the substitute Boxing Day).
    expect(plan('2026-12-25T20:00:00.000Z', 'red').meeting.date).toBe('2026-12-29');
  });

  it('received in office hours is triaged at once, that day; not decided when the front door closes, it is carried over', () => {
    expect(plan('2026-11-24T11:00:00.000Z', 'red').meeting).toEqual({
      date: '2026-11-24', startsAt: '2026-11-24T11:00:00.000Z', immediate: true, endsAt: '2026-11-24T17:00:00.000Z',
    });
  });
});

describe('an amber or green contact', () => {
  it('received before the agenda closes goes to that morning\'s meeting', () => {
    expect(plan('2026-11-25T08:59:00.000Z', 'amber').meeting).toMatchObject({ date: '2026-11-25', startsAt: '2026-11-25T10:00:00.000Z', immediate: false });
  });

  it('received on Monday at 09:30, after the cut-off, joins Monday\'s 10:00 meeting: Tuesday\'s starts after its deadline', () => {
    const amber = plan('2026-11-23T09:30:00.000Z', 'amber');
    expect(amber.decisionDueAt).toBe('2026-11-24T09:30:00.000Z');
    expect(amber.meeting).toMatchObject({ date: '2026-11-23', startsAt: '2026-11-23T10:00:00.000Z', immediate: false });
    expect(amber.partnerInformationDueAt).toBe('2026-11-23T10:00:00.000Z');
    // Green is due in three working days, but the statutory backstop (one working day) binds it too.
    expect(plan('2026-11-23T09:30:00.000Z', 'green').meeting.startsAt).toBe('2026-11-23T10:00:00.000Z');
  });

  it('received after the meeting has started goes to the next day\'s, still before its deadline', () => {
    const amber = plan('2026-11-23T10:30:00.000Z', 'amber');
    expect(amber.meeting).toMatchObject({ date: '2026-11-24', startsAt: '2026-11-24T10:00:00.000Z', immediate: false });
    expect(Date.parse(amber.meeting.startsAt)).toBeLessThan(Date.parse(amber.decisionDueAt));
  });

  it('keeps to the cut-off where the deadlines leave room: the meeting after it', () => {
    const roomy = { ...policy, statutoryWorkingMinutes: 3 * 480, decisionWorkingMinutes: { ...policy.decisionWorkingMinutes, amber: 2 * 480 } };
    expect(plan('2026-11-23T09:30:00.000Z', 'amber', roomy).meeting.startsAt).toBe('2026-11-24T10:00:00.000Z');
  });

  it('is triaged at once when even the first meeting to come would be too late', () => {
    const tight = { ...policy, statutoryWorkingMinutes: 30 };
    expect(plan('2026-11-23T11:00:00.000Z', 'green', tight).meeting).toMatchObject({ date: '2026-11-23', startsAt: '2026-11-23T11:00:00.000Z', immediate: true });
  });
});

describe('every contact, received at any quarter hour of a fortnight with a bank holiday', () => {
  it('meets on a working day, before its decision deadline and its statutory backstop', () => {
    const start = Date.parse('2026-12-21T00:00:00.000Z'); // Christmas and Boxing Day (substitute) fall in it
    let checked = 0;
    for (let t = start; t < start + 14 * 24 * 3_600_000; t += 15 * 60_000) {
      for (const rating of ['red', 'amber', 'green'] as const) {
        const p = planContact(policy, { receivedAt: t, from: t, rating });
        const startsAt = Date.parse(p.meeting.startsAt);
        expect(isWorkingDay(p.meeting.date, policy.calendar)).toBe(true);
        expect(localDate(startsAt, policy.calendar.timeZone)).toBe(p.meeting.date);
        expect(startsAt).toBeGreaterThanOrEqual(t);
        expect(startsAt).toBeLessThanOrEqual(Math.min(Date.parse(p.decisionDueAt), Date.parse(p.statutoryDueAt)));
        checked++;
      }
    }
    expect(checked).toBe(14 * 96 * 3);
  });
});
