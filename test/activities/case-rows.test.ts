// The case list's and the figures' rows (shared/db/case-rows.ts), written by each case's
// projection against the suite's FerretDB: the list and the figures give what the
// contacts say as cases move and close, a month's closed rows read the same before and
// after they are gathered into one document, a retried closure counts once, the list
// covers the period asked (by default the last 90 days), and a database without the rows
// gets them back by the rebuild.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createActivities, type Activities } from '../../activities/index.js';
import { listCases } from '../../api/queries/cases.js';
import { figureCounts } from '../../api/queries/figures.js';
import { workQueue } from '../../api/queries/work.js';
import { caseListQuery } from '../../api/schemas/requests.js';
import type { CaseStatus } from '../../shared/case/state.js';
import { loadPolicy } from '../../shared/config.js';
import { closedRowsOfMonth, GATHER_AFTER, monthsBetween } from '../../shared/db/case-rows.js';
import { connectDatabase } from '../../shared/db/connect.js';
import type { Models } from '../../shared/db/models.js';
import { createStore, rebuildDatabase, type Store } from '../../shared/db/store.js';
import { parsedNotification } from '../support/fixtures.js';
import { testDatabase } from '../support/stack.js';
import { receive } from './receive.js';

let models: Models;
let store: Store;
let acts: Activities;
let close: () => Promise<void>;
const policy = loadPolicy();
beforeAll(async () => {
  const db = await testDatabase('caserows');
  models = db.models;
  store = createStore(models);
  close = () => db.conn.close();
  acts = createActivities({ store, policy });
});
afterAll(async () => close?.());

async function intake(receivedAt: string, a: Activities = acts, postcode = 'DN15 6AA') {
  const { n, caseId } = parsedNotification((x) => (x.incident.location.postcode = postcode));
  await receive(a, caseId, receivedAt, n);
  return caseId;
}

const status = (caseId: string, receivedAt: string, stage: CaseStatus['stage'], more: Partial<CaseStatus> = {}): CaseStatus => ({
  caseId, stage, forceCode: 'HUM', policeReference: 'X', incidentType: 'domestic_abuse', receivedAt,
  ratingHistory: [], breached: false, escalations: [], partnerInformation: [], decisions: [], allocations: [], policeFeedback: { status: 'not_due' },
  ...more,
});
const project = (a: Activities, caseId: string, seq: number, s: CaseStatus) =>
  a.recordCaseEvent({ caseId, seq, event: { type: `step_${seq}`, at: s.receivedAt }, status: s });
const list = (m: Models, query: Record<string, string>) => listCases(createStore(m), caseListQuery.parse(query));
const ids = (xs: { _id: string }[]) => xs.map((x) => x._id);
const allocation = (leadAgency: string) =>
  ({ leadAgency, decisionVersion: 1, status: 'requested', requestedAt: '2027-04-06T10:00:00.000Z' }) as unknown as CaseStatus['allocations'][number];

describe('the case rows', () => {
  it('give the list and the figures what the contacts say, open and closed', async () => {
    const [a, b, c] = ['2027-04-05T09:00:00.000Z', '2027-04-05T10:00:00.000Z', '2027-04-05T11:00:00.000Z'];
    const red = await intake(a, acts, 'DN16 1AA');
    const nfa = await intake(b);
    const allocated = await intake(c);
    await project(acts, red, 2, status(red, a, 'awaiting_decision', { rating: 'red', decisionDueAt: '2027-04-05T13:00:00.000Z' }));
    await project(acts, nfa, 2, status(nfa, b, 'awaiting_decision', { rating: 'amber', decisionDueAt: '2027-04-06T10:00:00.000Z' }));
    await project(acts, nfa, 3, status(nfa, b, 'closed', { rating: 'amber', decisionDueAt: '2027-04-06T10:00:00.000Z', outcome: 'no_further_action', breached: true, closedAt: '2027-04-06T11:00:00.000Z' }));
    await project(acts, allocated, 2, status(allocated, c, 'awaiting_allocation', { rating: 'amber', outcome: 'social_care_assessment_s17', recontact: true, allocations: [allocation('childrens_social_care')] }));

    // The closed case left the working set and has its row in its month's log.
    expect(await models.OpenCase.exists({ _id: nfa })).toBeNull();
    expect((await closedRowsOfMonth(models, '2027-04')).map((r) => r.caseId)).toEqual([nfa]);

    const april = { receivedFrom: '2027-04-01T00:00:00Z', receivedTo: '2027-05-01T00:00:00Z' };
    const all = await list(models, april);
    expect(all.total).toBe(3);
    expect(ids(all.items)).toEqual([allocated, nfa, red]); // newest first
    expect(ids((await list(models, { ...april, stage: 'closed' })).items)).toEqual([nfa]);
    expect(ids((await list(models, { ...april, rating: 'red' })).items)).toEqual([red]);
    expect(ids((await list(models, { ...april, breached: 'true' })).items)).toEqual([nfa]);
    expect(ids((await list(models, { ...april, postcodeDistrict: 'dn16' })).items)).toEqual([red]);
    expect(ids((await list(models, { ...april, leadAgency: 'childrens_social_care' })).items)).toEqual([allocated]);
    expect(ids((await list(models, { ...april, incidentType: 'missing_child' })).items)).toEqual([]);
    // Soonest due first, a case with no deadline yet first (as MongoDB sorts a missing field).
    expect(ids((await list(models, { ...april, sort: 'decisionDueAt' })).items)).toEqual([allocated, red, nfa]);
    expect(ids((await list(models, { ...april, sort: '-decisionDueAt' })).items)).toEqual([nfa, red, allocated]);
    const second = await list(models, { ...april, pageSize: '2', page: '2' });
    expect([second.total, ids(second.items)]).toEqual([3, [red]]);

    const figures = await figureCounts(store, { from: april.receivedFrom, to: april.receivedTo });
    expect(figures.byOutcome.get('no_further_action')).toBe(1);
    expect(figures.byOutcome.get('social_care_assessment_s17')).toBe(1);
    expect(figures.byOutcome.get(null)).toBe(1);
    expect(figures.byBreached.get(true)).toBe(1);
    expect(figures.byRecontact.get(true)).toBe(1);
    expect(figures.bySource.get('6')).toBe(3);
    expect(figures.openByRating.get('red')).toBe(1);
    expect(figures.awaitingAcceptanceByLeadAgency.get('childrens_social_care')).toBe(1);
    // A month with nothing received counts nothing.
    const may = await figureCounts(store, { from: '2027-05-01T00:00:00Z', to: '2027-06-01T00:00:00Z' });
    expect([...may.byOutcome.values()].reduce((x, y) => x + y, 0)).toBe(0);
  });

  it("read a month's closed rows the same before and after they are gathered, and count a retried closure once", async () => {
    const month = '2027-06';
    const closeOne = async (i: number) => {
      const at = `2027-06-${String(1 + (i % 28)).padStart(2, '0')}T09:00:00.000Z`;
      const id = await intake(at);
      await project(acts, id, 2, status(id, at, 'closed', { outcome: 'no_further_action' }));
      return id;
    };
    const first: string[] = [];
    for (let i = 0; i < GATHER_AFTER - 1; i++) first.push(await closeOne(i));
    expect((await closedRowsOfMonth(models, month)).length).toBe(GATHER_AFTER - 1);
    expect(await models.ClosedCaseMonth.exists({ _id: month })).toBeNull();
    first.push(await closeOne(GATHER_AFTER));
    // Enough appended: the reader gathers them, and reads the same.
    expect((await closedRowsOfMonth(models, month)).map((r) => r.caseId).sort()).toEqual([...first].sort());
    expect((await models.ClosedCaseMonth.findById(month).lean())?.upto).toBe(GATHER_AFTER);
    const later = await closeOne(40);
    expect((await closedRowsOfMonth(models, month)).map((r) => r.caseId).sort()).toEqual([...first, later].sort());

    // A retried closure appends nothing; one retried after its append but before its
    // marker appends a second slot, which is read once.
    const at = '2027-06-10T09:00:00.000Z';
    await project(acts, later, 2, status(later, at, 'closed', { outcome: 'no_further_action' }));
    expect(await models.ClosedCaseRow.countDocuments({ key: month, caseId: later, n: { $exists: true } })).toBe(1);
    await models.ClosedCaseRow.deleteOne({ _id: `${month}@${later}` });
    await project(acts, later, 2, status(later, at, 'closed', { outcome: 'no_further_action' }));
    expect(await models.ClosedCaseRow.countDocuments({ key: month, caseId: later, n: { $exists: true } })).toBe(2);
    const rows = await closedRowsOfMonth(models, month);
    expect(rows.length).toBe(GATHER_AFTER + 1);
    const june = await figureCounts(store, { from: '2027-06-01T00:00:00Z', to: '2027-07-01T00:00:00Z' });
    expect(june.byOutcome.get('no_further_action')).toBe(GATHER_AFTER + 1);
  });

  it('cover the period asked, by default the 90 days up to receivedTo or now', async () => {
    const day = 24 * 3600_000;
    const recent = new Date(Date.now() - 10 * day).toISOString();
    const old = new Date(Date.now() - 200 * day).toISOString();
    const [r, o] = [await intake(recent), await intake(old)];
    await project(acts, r, 2, status(r, recent, 'awaiting_decision'));
    await project(acts, o, 2, status(o, old, 'closed', { outcome: 'early_help' }));
    const byDefault = await list(models, {});
    expect(ids(byDefault.items)).toContain(r);
    expect(ids(byDefault.items)).not.toContain(o);
    expect(Math.abs(+byDefault.receivedFrom - (Date.now() - 90 * day))).toBeLessThan(60_000);
    const wider = await list(models, { receivedFrom: new Date(Date.now() - 365 * day).toISOString() });
    expect(ids(wider.items)).toEqual(expect.arrayContaining([r, o]));
    const before = await list(models, { receivedTo: new Date(Date.now() - 150 * day).toISOString() });
    expect(ids(before.items)).toEqual([o]);
  });

  it('refuse a period of more than ten years, or one that ends before it starts, naming the field', async () => {
    const refusal = (p: Promise<unknown>) => p.then(() => undefined, (err: { status: number; errors?: { path: string }[] }) => [err.status, err.errors?.[0]?.path]);
    expect(await refusal(list(models, { receivedFrom: '0001-01-01T00:00:00Z' }))).toEqual([400, 'query.receivedFrom']);
    expect(await refusal(list(models, { receivedFrom: '2027-01-01T00:00:00Z', receivedTo: '2026-01-01T00:00:00Z' }))).toEqual([400, 'query.receivedFrom']);
    expect(await refusal(figureCounts(store, { from: '2015-12-31T00:00:00Z', to: '2026-01-01T00:00:00Z' }))).toEqual([400, 'query.from']);
    // Ten years exactly is read.
    expect((await figureCounts(store, { from: '2016-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' })).from.toISOString()).toBe('2016-01-01T00:00:00.000Z');
  });

  it('a month is the calendar month of receipt in UTC, and a period covers each month it touches', () => {
    expect(monthsBetween(new Date('2026-11-30T23:00:00Z'), new Date('2027-02-01T00:00:00Z'))).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(monthsBetween(new Date('2027-03-05T00:00:00Z'), new Date('2027-03-05T00:00:00Z'))).toEqual(['2027-03']);
  });
});

describe('the case rows rebuilt from the contacts', () => {
  it('a database whose rows are gone or of an older shape gets its open and closed rows back by the rebuild', async () => {
    const uri = `${inject('mongoBaseUri')}t_rowsbackfill_${Date.now()}`;
    const first = await connectDatabase(uri);
    const older = createActivities({ store: createStore(first.models), policy });
    const [openAt, closedAt] = ['2027-08-02T09:00:00.000Z', '2027-08-03T09:00:00.000Z'];
    const [open, closed] = [await intake(openAt, older), await intake(closedAt, older)];
    await project(older, open, 2, status(open, openAt, 'awaiting_authorisation', { rating: 'amber' }));
    await project(older, closed, 2, status(closed, closedAt, 'closed', { outcome: 'early_help' }));
    // As an older engine would have left it: open documents of an older shape, no closed rows.
    await Promise.all([
      first.conn.db!.collection('open_cases').updateOne(
        { _id: open as never },
        { $unset: { receivedAt: 1, source: 1, incidentType: 1, postcodeDistrict: 1, partnerRequests: 1, policeFeedbackStatus: 1 }, $set: { status: { policeFeedback: { status: 'not_due' } } } },
      ),
      first.models.ClosedCaseRow.deleteMany({}),
    ]);
    const august = { receivedFrom: '2027-08-01T00:00:00Z', receivedTo: '2027-09-01T00:00:00Z' };
    expect((await list(first.models, august)).total).toBe(0);
    await first.conn.close();

    expect(await rebuildDatabase(uri)).toMatchObject({ open_cases: 1, closed_case_rows: 2, closed_case_months: 1 });
    // Another process reads what the rebuild wrote.
    const [x, y] = await Promise.all([connectDatabase(uri), connectDatabase(uri)]);
    try {
      expect(ids((await list(x.models, august)).items)).toEqual([closed, open]);
      expect(ids((await list(y.models, { ...august, postcodeDistrict: 'DN15' })).items)).toEqual([closed, open]);
      const figures = await figureCounts(createStore(y.models), { from: august.receivedFrom, to: august.receivedTo });
      expect(figures.byOutcome.get('early_help')).toBe(1);
      expect(figures.openByRating.get('amber')).toBe(1);
      // The open document made again in its flat shape, which the queues read.
      const made = await x.conn.db!.collection('open_cases').findOne({ _id: open as never });
      expect(made).toMatchObject({ stage: 'awaiting_authorisation', policeFeedbackStatus: 'not_due', partnerRequests: [] });
      expect(made).not.toHaveProperty('status');
      expect(ids(await workQueue(createStore(y.models), 'awaiting_authorisation', {}))).toEqual([open]);
    } finally {
      await Promise.all([x.conn.close(), y.conn.close()]);
    }
  });
});
