// Intake's look-back over a child's history: a child known for years (hundreds of earlier
// contacts, some appended out of the order they happened) gets exactly the answer a read
// of the whole history gives, while intake reads only the end of the log (whose last slot
// keeps the newest contacts, found from the log's end hint) and the window's referrals:
// as many `_id` reads as for a child with five entries. A late intake (contacts received
// after it already in the log) reads back through its window; a lagging end hint costs a
// search from it. The reads are counted on a connection of their own, as a worker
// that has not appended to these logs would make them.
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createActivities, type Activities } from '../../activities/index.js';
import { loadPolicy } from '../../shared/config.js';
import { connectDatabase } from '../../shared/db/connect.js';
import { createStore } from '../../shared/db/store.js';
import { readLog } from '../../shared/db/keyed-log.js';
import type { Models } from '../../shared/db/models.js';
import { appendToPersonHistory, readPersonHistory, type PersonHistoryEntry } from '../../shared/db/person-history.js';
import { calendarMonthsBefore } from '../../shared/working-time.js';
import { parsedNotification } from '../support/fixtures.js';
import { testDatabase } from '../support/stack.js';
import { receive } from './receive.js';

const policy = loadPolicy();
let models: Models;
let acts: Activities;
let close: () => Promise<void>;
beforeAll(async () => {
  const db = await testDatabase('lookback');
  models = db.models;
  close = () => db.conn.close();
  acts = createActivities({ store: createStore(models), policy });
});
afterAll(async () => close?.());

const DAY = 86_400_000;
const at = (iso: string, days = 0) => new Date(Date.parse(iso) + days * DAY);
/** The intake looking back: 12 calendar months to 10:00 BST on 15 June 2026. */
const INTAKE_AT = '2027-06-15T09:00:00.000Z';

let families = 0;
/** A notification about one child alone, named `given`, with adults not seen before (their logs, new, are not read). */
const about = (given: string) =>
  parsedNotification((x) => {
    families += 1;
    const fresh = [...String(families)].map((d) => String.fromCharCode(97 + Number(d))).join('');
    x.children = [{ ...x.children[0], givenName: given }];
    x.adults = x.adults.map((a: { familyName: string }) => ({ ...a, familyName: `${a.familyName}${given}${fresh}` }));
  });

/** The child's first contact (recording them), then `entries` appended one by one, as intake and decisions append them. */
async function childWith(given: string, entries: PersonHistoryEntry[]): Promise<string> {
  const first = about(given);
  const { childPersonIds: [child] } = await receive(acts, first.caseId, '2023-01-02T10:00:00.000Z', first.n);
  for (const e of entries) await appendToPersonHistory(models, child, e);
  return child;
}

/** `count` contacts spread evenly over two and a half years from January 2023: all long before the window. */
const longAgo = (label: string, count: number): PersonHistoryEntry[] =>
  Array.from({ length: count }, (_, i) => ({ kind: 'contact', caseId: `${label}-OLD-${i}`, at: at('2023-01-05T10:00:00.000Z', (i * 900) / count) }));

/** What a read of the whole history says, by the rule intake applies (the reference). */
async function wholeHistoryAnswer(child: string, caseId: string, receivedAt = INTAKE_AT) {
  const history = await readPersonHistory(models, child);
  const from = +calendarMonthsBefore(new Date(receivedAt), 12, policy.calendar.timeZone);
  const within = (t: Date) => +t >= from && +t < Date.parse(receivedAt);
  const earlier = [...history.contacts].filter(([id, t]) => id !== caseId && within(t)).sort((a, b) => +b[1] - +a[1]);
  return {
    earlierContactIds: earlier.slice(0, 50).map(([id]) => id),
    repeatReferral: [...history.referrals].some(([id, r]) => id !== caseId && !r.withdrawn && within(r.referredAt)),
  };
}

/** Intake about the child (by name) on a connection of its own, and the person history `_id` reads it made. */
async function intakeCountingReads(given: string, receivedAt = INTAKE_AT) {
  const other = await connectDatabase(inject('mongoBaseUri') + models.PersonHistoryEntry.db.name);
  try {
    const reads = vi.spyOn(other.models.PersonHistoryEntry.collection, 'findOne');
    const finds = vi.spyOn(other.models.PersonHistoryEntry.collection, 'find');
    const later = about(given);
    const result = await receive(createActivities({ store: createStore(other.models), policy }), later.caseId, receivedAt, later.n);
    return { ...later, result, reads: reads.mock.calls.length + finds.mock.calls.length };
  } finally {
    await other.conn.close();
  }
}

/**
 * Years of contacts, then a window with more contacts than a case lists (60: the newest
 * 50 are listed), a standing referral older than those 50, and a withdrawn one.
 */
function busyYears(label: string, old: number): PersonHistoryEntry[] {
  const inWindow = Array.from({ length: 60 }, (_, i) => ({ kind: 'contact' as const, caseId: `${label}-IN-${i}`, at: at('2026-07-01T10:00:00.000Z', i * 5) }));
  return [
    ...longAgo(label, old),
    // A referral long before the window, still standing: not a repeat referral now.
    { kind: 'referral', caseId: `${label}-OLD-3`, at: at('2025-06-01T10:00:00.000Z'), withdrawn: false },
    ...inWindow.slice(0, 4),
    { kind: 'referral', caseId: `${label}-IN-3`, at: at(inWindow[3].at.toISOString(), 1), withdrawn: false },
    ...inWindow.slice(4, 21),
    { kind: 'referral', caseId: `${label}-IN-20`, at: at(inWindow[20].at.toISOString(), 1), withdrawn: false },
    { kind: 'referral', caseId: `${label}-IN-20`, at: at(inWindow[20].at.toISOString(), 1), withdrawn: true },
    ...inWindow.slice(21),
    // Appended last, received earlier: a child first named by police updates to older contacts.
    { kind: 'contact', caseId: `${label}-LATE-IN`, at: at('2026-06-20T10:00:00.000Z') },
    { kind: 'contact', caseId: `${label}-LATE-OUT`, at: at('2026-01-05T10:00:00.000Z') },
  ];
}

describe("intake's look-back over a long history", () => {
  it('finds exactly what the whole history says, reading what the window needs and not the years before it', async () => {
    const stamp = Date.now();
    const five = await childWith(`Five${stamp}`, [
      { kind: 'contact', caseId: 'FIVE-1', at: at('2026-09-01T10:00:00.000Z') },
      { kind: 'contact', caseId: 'FIVE-2', at: at('2026-10-01T10:00:00.000Z') },
      { kind: 'contact', caseId: 'FIVE-3', at: at('2026-11-01T10:00:00.000Z') },
      { kind: 'contact', caseId: 'FIVE-4', at: at('2026-12-01T10:00:00.000Z') },
    ]);
    const years = await childWith(`Years${stamp}`, busyYears(`Y${stamp}`, 300));
    const thousand = await childWith(`Thousand${stamp}`, busyYears(`T${stamp}`, 1000));

    const small = await intakeCountingReads(`Five${stamp}`);
    expect(small.result).toMatchObject({ childPersonIds: [five], recontact: true, earlierContactIds: ['FIVE-4', 'FIVE-3', 'FIVE-2', 'FIVE-1'], repeatReferral: false });

    expect(small.reads).toBeLessThanOrEqual(10);
    const reads: number[] = [];
    for (const [child, given, label] of [[years, `Years${stamp}`, `Y${stamp}`], [thousand, `Thousand${stamp}`, `T${stamp}`]] as const) {
      const big = await intakeCountingReads(given);
      expect(big.result.childPersonIds).toEqual([child]);
      // The 50 newest of the window's 60, newest first; the standing referral found though older than those.
      expect(big.result.earlierContactIds).toEqual(Array.from({ length: 50 }, (_, i) => `${label}-IN-${59 - i}`));
      expect(big.result).toMatchObject({ recontact: true, repeatReferral: true });
      expect(big.result).toMatchObject(await wholeHistoryAnswer(child, big.caseId));
      reads.push(big.reads);
    }
    // The log's end (its first four slots and its end hint at once, then the last slot and
    // the one after it), three steps back through the window's referrals: as for a child
    // with five entries, whatever the history (a whole history read would be 370 and 1,070).
    const [ofYears, ofThousand] = reads;
    expect(ofThousand, `reads: ${reads.join(', ')} (five entries: ${small.reads})`).toBeLessThanOrEqual(small.reads + 4);
    expect(ofThousand, `reads: ${reads.join(', ')}`).toBe(ofYears);

    // An end hint lagging far behind (another process's update of it lost): a search on
    // from it, about 2·log2 of the lag, and the same answer.
    await models.PersonHistoryEntry.collection.updateOne({ _id: `${thousand}@end` as never }, { $set: { end: 100 } });
    const minuteLater = '2027-06-15T09:01:00.000Z';
    const lagging = await intakeCountingReads(`Thousand${stamp}`, minuteLater);
    expect(lagging.result.earlierContactIds.slice(1)).toEqual(Array.from({ length: 49 }, (_, i) => `T${stamp}-IN-${59 - i}`));
    expect(lagging.result).toMatchObject(await wholeHistoryAnswer(thousand, lagging.caseId, minuteLater));
    expect(lagging.reads, `${lagging.reads} reads`).toBeLessThan(40);

    // An intake received on 1 January 2027, taken in after the contacts since were
    // recorded (a backlog): the newest kept are after its window, so it reads back
    // through the window (37 contacts, two appended late, three referral entries).
    const late = await intakeCountingReads(`Years${stamp}`, '2027-01-01T10:00:00.000Z');
    const label = `Y${stamp}`;
    expect(late.result.earlierContactIds).toEqual([...Array.from({ length: 37 }, (_, i) => `${label}-IN-${36 - i}`), `${label}-LATE-IN`, `${label}-LATE-OUT`]);
    expect(late.result).toMatchObject({ recontact: true, repeatReferral: true });
    expect(late.result).toMatchObject(await wholeHistoryAnswer(years, late.caseId, '2027-01-01T10:00:00.000Z'));
    expect(late.reads, `${late.reads} reads`).toBeLessThan(130);
  });

  it('counts a contact appended after later ones by its receipt, and a referral by the entry for its case appended last', async () => {
    const stamp = Date.now();
    const label = `Late${stamp}`;
    const child = await childWith(label, [
      ...longAgo(label, 200),
      { kind: 'referral', caseId: `${label}-X`, at: at('2026-08-01T10:00:00.000Z'), withdrawn: false },
      { kind: 'contact', caseId: `${label}-Y`, at: at('2026-09-01T10:00:00.000Z') },
      // The referral withdrawn by a later decision: the entry carries its making's time.
      { kind: 'referral', caseId: `${label}-X`, at: at('2026-08-01T10:00:00.000Z'), withdrawn: true },
      // Received before Y, appended after it; and one received before the window.
      { kind: 'contact', caseId: `${label}-Z`, at: at('2026-06-16T10:00:00.000Z') },
      { kind: 'contact', caseId: `${label}-OLDER`, at: at('2026-06-14T10:00:00.000Z') },
    ]);
    const { result, caseId, n } = await intakeCountingReads(label);
    expect(result).toMatchObject({ recontact: true, earlierContactIds: [`${label}-Y`, `${label}-Z`], repeatReferral: false });
    expect(result).toMatchObject(await wholeHistoryAnswer(child, caseId));
    // The intake's own contact joined the log once, however often it runs.
    const again = await receive(acts, caseId, INTAKE_AT, n);
    expect(again.earlierContactIds).toEqual(result.earlierContactIds);
    expect((await readPersonHistory(models, child)).contacts.get(caseId)?.toISOString()).toBe(INTAKE_AT);
    expect((await readLog<{ caseId: string }>(models.PersonHistoryEntry, child)).filter((e) => e.caseId === caseId)).toHaveLength(1);
  });
});

describe("a child's log appended to at once", () => {
  it('sums up in each slot exactly the slots before it, whichever writer (of two processes) took which slot', async () => {
    const other = await connectDatabase(inject('mongoBaseUri') + models.PersonHistoryEntry.db.name);
    try {
      const child = `CH-RACE-${Date.now()}`;
      const entry = (i: number): PersonHistoryEntry =>
        i % 5 === 0
          ? { kind: 'referral', caseId: `R${i}`, at: at('2027-01-01T10:00:00.000Z', (i * 7) % 30), withdrawn: false }
          : { kind: 'contact', caseId: `C${i}`, at: at('2027-01-01T10:00:00.000Z', (i * 7) % 30) };
      await Promise.all(Array.from({ length: 30 }, (_, i) => appendToPersonHistory(i % 2 ? other.models : models, child, entry(i))));
      const slots = await readLog<{ n: number; kind: string; at: Date; latest: Date; referralBefore: number }>(models.PersonHistoryEntry, child);
      expect(slots.map((s) => s.n)).toEqual(Array.from({ length: 30 }, (_, i) => i));
      slots.forEach((s, n) => {
        expect(+s.latest).toBe(Math.max(...slots.slice(0, n + 1).map((x) => +x.at)));
        expect(s.referralBefore).toBe(slots.slice(0, n).map((x) => x.kind).lastIndexOf('referral'));
      });
    } finally {
      await other.conn.close();
    }
  });
});
