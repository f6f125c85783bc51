// Decision deadlines with the default policy (09:00-17:00 Europe/London, England and Wales
// bank holidays): red 4 working hours, amber 1 working day, green 3 working days, and the
// statutory backstop of 1 working day. Every expected instant was worked out by hand,
// counting office minutes day by day (the working shown in each row), not by the code.
// GMT = UTC; BST = UTC+1 from the last Sunday of March to the last Sunday of October.
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../shared/config.js';
import { addWorkingMinutes, nextWorkingDayAt } from '../../shared/working-time.js';

const policy = loadPolicy();

interface Row {
  received: string;
  red: string;
  amber: string;
  green: string;
  statutory: string;
}

const rows: Record<string, Row> = {
  // 7h Tue; amber +1h Wed; green +8h Wed +8h Thu +1h Fri
  'a weekday in hours (Tue 10 Nov 2026 10:00 GMT)': {
    received: '2026-11-10T10:00:00Z',
    red: '2026-11-10T14:00:00.000Z', amber: '2026-11-11T10:00:00.000Z', green: '2026-11-13T10:00:00.000Z', statutory: '2026-11-11T10:00:00.000Z',
  },
  // 1 min Wed, the rest from 09:00 Thu; green 1 + 480 Thu + 480 Fri + 479 Mon
  'a minute before closing (Wed 11 Nov 2026 16:59 GMT)': {
    received: '2026-11-11T16:59:00Z',
    red: '2026-11-12T12:59:00.000Z', amber: '2026-11-12T16:59:00.000Z', green: '2026-11-16T16:59:00.000Z', statutory: '2026-11-12T16:59:00.000Z',
  },
  // Closing time itself counts as closed: the clock starts Thu 09:00
  'at closing time (Wed 11 Nov 2026 17:00 GMT)': {
    received: '2026-11-11T17:00:00Z',
    red: '2026-11-12T13:00:00.000Z', amber: '2026-11-12T17:00:00.000Z', green: '2026-11-16T17:00:00.000Z', statutory: '2026-11-12T17:00:00.000Z',
  },
  'after closing (Wed 11 Nov 2026 18:30 GMT)': {
    received: '2026-11-11T18:30:00Z',
    red: '2026-11-12T13:00:00.000Z', amber: '2026-11-12T17:00:00.000Z', green: '2026-11-16T17:00:00.000Z', statutory: '2026-11-12T17:00:00.000Z',
  },
  'before opening (Mon 16 Nov 2026 07:45 GMT)': {
    received: '2026-11-16T07:45:00Z',
    red: '2026-11-16T13:00:00.000Z', amber: '2026-11-16T17:00:00.000Z', green: '2026-11-18T17:00:00.000Z', statutory: '2026-11-16T17:00:00.000Z',
  },
  // Clock starts Mon 09:00; green is Mon, Tue, Wed
  'at a weekend (Sat 14 Nov 2026 11:00 GMT)': {
    received: '2026-11-14T11:00:00Z',
    red: '2026-11-16T13:00:00.000Z', amber: '2026-11-16T17:00:00.000Z', green: '2026-11-18T17:00:00.000Z', statutory: '2026-11-16T17:00:00.000Z',
  },
  // New Year's Day Thu 1 Jan 2026. 3h Wed; red +1h Fri 2; amber +5h Fri; green 3 + 8 Fri + 8 Mon 5 + 5 Tue 6
  'the day before New Year’s Day (Wed 31 Dec 2025 14:00 GMT)': {
    received: '2025-12-31T14:00:00Z',
    red: '2026-01-02T10:00:00.000Z', amber: '2026-01-02T14:00:00.000Z', green: '2026-01-06T14:00:00.000Z', statutory: '2026-01-02T14:00:00.000Z',
  },
  // Spring bank holiday Mon 25 May 2026. 2h Fri; red +2h Tue → 11:00 BST; green 2 + 8 Tue + 8 Wed + 6 Thu → 15:00 BST
  'before a bank holiday weekend (Fri 22 May 2026 15:00 BST)': {
    received: '2026-05-22T14:00:00Z',
    red: '2026-05-26T10:00:00.000Z', amber: '2026-05-26T14:00:00.000Z', green: '2026-05-28T14:00:00.000Z', statutory: '2026-05-26T14:00:00.000Z',
  },
  // The one-off coronation bank holiday Mon 8 May 2023. 1h Fri; red +3h Tue 9 → 12:00 BST; green 1 + 8 Tue + 8 Wed + 7 Thu 11
  'before the coronation holiday (Fri 5 May 2023 16:00 BST)': {
    received: '2023-05-05T15:00:00Z',
    red: '2023-05-09T11:00:00.000Z', amber: '2023-05-09T15:00:00.000Z', green: '2023-05-11T15:00:00.000Z', statutory: '2023-05-09T15:00:00.000Z',
  },
  // Good Friday 3 Apr, Easter Monday 6 Apr 2026. 1.5h Thu; red +2.5h Tue 7 → 11:30 BST; green 1.5 + 8 Tue + 8 Wed + 6.5 Thu 9
  'over Easter (Thu 2 Apr 2026 15:30 BST)': {
    received: '2026-04-02T14:30:00Z',
    red: '2026-04-07T10:30:00.000Z', amber: '2026-04-07T14:30:00.000Z', green: '2026-04-09T14:30:00.000Z', statutory: '2026-04-07T14:30:00.000Z',
  },
  // Good Friday 26 Mar, clocks forward Sun 28 Mar, Easter Monday 29 Mar 2027. 3h Thu (GMT);
  // red +1h Tue 30 → 10:00 BST; amber +5h → 14:00 BST; green 3 + 8 Tue + 8 Wed 31 + 5 Thu 1 Apr
  'over Easter and the change to BST together (Thu 25 Mar 2027 14:00 GMT)': {
    received: '2027-03-25T14:00:00Z',
    red: '2027-03-30T09:00:00.000Z', amber: '2027-03-30T13:00:00.000Z', green: '2027-04-01T13:00:00.000Z', statutory: '2027-03-30T13:00:00.000Z',
  },
  // Christmas Fri 25, Boxing Day substitute Mon 28 Dec 2026. 2h Thu; red +2h Tue 29; green 2 + 8 Tue + 8 Wed + 6 Thu 31
  'over Christmas (Thu 24 Dec 2026 15:00 GMT)': {
    received: '2026-12-24T15:00:00Z',
    red: '2026-12-29T11:00:00.000Z', amber: '2026-12-29T15:00:00.000Z', green: '2026-12-31T15:00:00.000Z', statutory: '2026-12-29T15:00:00.000Z',
  },
  // Both substitutes: Christmas (Sat) on Mon 27, Boxing Day (Sun) on Tue 28 Dec 2021. 1h Fri;
  // red +3h Wed 29; amber +7h Wed; green 1 + 8 Wed + 8 Thu 30 + 7 Fri 31
  'over a Christmas at the weekend (Fri 24 Dec 2021 16:00 GMT)': {
    received: '2021-12-24T16:00:00Z',
    red: '2021-12-29T12:00:00.000Z', amber: '2021-12-29T16:00:00.000Z', green: '2021-12-31T16:00:00.000Z', statutory: '2021-12-29T16:00:00.000Z',
  },
  // New Year's Day Sat 1 Jan 2028, substitute Mon 3 Jan. 3h Fri; red +1h Tue 4; green 3 + 8 Tue + 8 Wed + 5 Thu 6
  'over New Year (Fri 31 Dec 2027 14:00 GMT)': {
    received: '2027-12-31T14:00:00Z',
    red: '2028-01-04T10:00:00.000Z', amber: '2028-01-04T14:00:00.000Z', green: '2028-01-06T14:00:00.000Z', statutory: '2028-01-04T14:00:00.000Z',
  },
  // Clocks forward Sun 29 Mar 2026. 1h Fri (GMT); red +3h Mon 30 → 12:00 BST = 11:00Z;
  // amber +7h → 16:00 BST; green 1 + 8 Mon + 8 Tue 31 + 7 Wed 1 Apr → 16:00 BST
  'across the change to BST (Fri 27 Mar 2026 16:00 GMT)': {
    received: '2026-03-27T16:00:00Z',
    red: '2026-03-30T11:00:00.000Z', amber: '2026-03-30T15:00:00.000Z', green: '2026-04-01T15:00:00.000Z', statutory: '2026-03-30T15:00:00.000Z',
  },
  // 01:30Z is 02:30 BST, just after the clocks went forward: the clock starts Mon 09:00 BST = 08:00Z
  'in the night the clocks go forward (Sun 29 Mar 2026 02:30 BST)': {
    received: '2026-03-29T01:30:00Z',
    red: '2026-03-30T12:00:00.000Z', amber: '2026-03-30T16:00:00.000Z', green: '2026-04-01T16:00:00.000Z', statutory: '2026-03-30T16:00:00.000Z',
  },
  // Clocks back Sun 25 Oct 2026. 1h Fri (BST); red +3h Mon 26 → 12:00 GMT; amber +7h → 16:00 GMT;
  // green 1 + 8 Mon + 8 Tue + 7 Wed 28 → 16:00 GMT
  'across the change to GMT (Fri 23 Oct 2026 16:00 BST)': {
    received: '2026-10-23T15:00:00Z',
    red: '2026-10-26T12:00:00.000Z', amber: '2026-10-26T16:00:00.000Z', green: '2026-10-28T16:00:00.000Z', statutory: '2026-10-26T16:00:00.000Z',
  },
  // 01:30Z is 01:30 GMT, the second time 01:30 came round that night
  'in the night the clocks go back (Sun 25 Oct 2026 01:30 GMT)': {
    received: '2026-10-25T01:30:00Z',
    red: '2026-10-26T13:00:00.000Z', amber: '2026-10-26T17:00:00.000Z', green: '2026-10-28T17:00:00.000Z', statutory: '2026-10-26T17:00:00.000Z',
  },
};

describe('decision deadlines with the default policy', () => {
  it('use 240, 480 and 1440 working minutes, statutory 480, in 09:00-17:00 Europe/London', () => {
    expect(policy.calendar).toMatchObject({ timeZone: 'Europe/London', opens: '09:00', closes: '17:00' });
    expect(policy.decisionWorkingMinutes).toEqual({ red: 240, amber: 480, green: 1440 });
    expect(policy.statutoryWorkingMinutes).toBe(480);
  });

  for (const [when, row] of Object.entries(rows)) {
    it(`received ${when}`, () => {
      const due = (minutes: number) => addWorkingMinutes(new Date(row.received), minutes, policy.calendar).toISOString();
      expect({
        red: due(policy.decisionWorkingMinutes.red),
        amber: due(policy.decisionWorkingMinutes.amber),
        green: due(policy.decisionWorkingMinutes.green),
        statutory: due(policy.statutoryWorkingMinutes),
      }).toEqual({ red: row.red, amber: row.amber, green: row.green, statutory: row.statutory });
    });
  }
});

describe('the next PIT Stop meeting (10:00 on working days)', () => {
  const next = (after: string, strictlyAfter = true) => nextWorkingDayAt(new Date(after), policy.meetingTime, policy.calendar, strictlyAfter).toISOString();

  it('is later the same day when received before the meeting', () => {
    expect(next('2026-03-27T09:30:00Z')).toBe('2026-03-27T10:00:00.000Z'); // Fri 09:30 GMT
  });

  it('skips a weekend, across the change to BST', () => {
    // Fri 27 Mar 2026 11:00 GMT → Mon 30 Mar 10:00 BST
    expect(next('2026-03-27T11:00:00Z')).toBe('2026-03-30T09:00:00.000Z');
  });

  it('skips a weekend, across the change to GMT', () => {
    // Fri 23 Oct 2026 11:00 BST → Mon 26 Oct 10:00 GMT
    expect(next('2026-10-23T10:00:00Z')).toBe('2026-10-26T10:00:00.000Z');
  });

  it('skips a weekend and a bank holiday Monday', () => {
    // Fri 22 May 2026 at 10:00 BST, as the meeting starts: the next one is Tue 26 May (25th is the spring bank holiday)
    expect(next('2026-05-22T09:00:00Z')).toBe('2026-05-26T09:00:00.000Z');
    expect(next('2026-05-22T09:00:00Z', false)).toBe('2026-05-22T09:00:00.000Z');
  });

  it('skips Easter and Christmas', () => {
    expect(next('2026-04-02T11:00:00Z')).toBe('2026-04-07T09:00:00.000Z'); // Thu 2 Apr 12:00 BST → Tue 7 Apr 10:00 BST
    expect(next('2026-12-24T10:30:00Z')).toBe('2026-12-29T10:00:00.000Z'); // Thu 24 Dec → Tue 29 Dec
    expect(next('2025-12-31T12:00:00Z')).toBe('2026-01-02T10:00:00.000Z'); // Wed 31 Dec → Fri 2 Jan
  });
});
