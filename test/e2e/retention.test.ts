// Retention and erasure through the real stack: generated weeks of closed contacts, a case
// taken to closure by its workflow, one left open, holds on a case and on a child; the
// retention workflow run at a moment three years on erases exactly the contacts ending in
// no further action (the shortest rule), everywhere (records, children with no other
// case, adults with no other case, the workflow's history in Temporal), leaves the held, the open and the unexpired,
// and the audit trail records each erasure. The schedule the worker keeps is checked too.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { generateInto, generatorOptions, planContacts, recordsOf, type PlannedContact } from '../../shared/generator/index.js';
import { workflowIdFor } from '../../shared/ids.js';
import { defaultRetentionRules, yearsAfter } from '../../shared/retention.js';
import { keepRetentionSchedule } from '../../worker/retention-schedule.js';
import { localDate } from '../../shared/working-time.js';
import { freshNotification, jointly } from '../support/fixtures.js';
import { eventually, http, startStack, testAuth, tokenFor, type TestStack } from '../support/stack.js';

let stack: TestStack;
let call: ReturnType<typeof http>;
let plan: PlannedContact[];
const manager = tokenFor('front_door_manager', 'front_door');
const panel = tokenFor('panel_member', 'childrens_social_care');
const auditor = tokenFor('auditor', 'front_door');
const actor = { id: 'front_door_manager-front_door', name: 'Test Manager', role: 'front_door_manager', agency: 'front_door' };
const short = (c: PlannedContact) => c.outcome === 'no_further_action' || c.outcome === 'information_and_signposting';

let closedCase = '';
let openCase = '';
let heldCase: PlannedContact;
let heldChildCase: PlannedContact;

const notify = async () => (await call('POST', '/api/v1/notifications', { apiKey: testAuth.policeApiKeys.HUM, body: freshNotification() })).body.caseId as string;
const stageOf = async (id: string) => (await stack.store.readContact<{ stage: string }>(id, { stage: 1 }))?.stage;

beforeAll(async () => {
  stack = await startStack('retention');
  call = http(stack.baseUrl);
  const options = generatorOptions(stack.policy, { seed: 5, weeks: 8, perWeek: 40, hotspot: null });
  plan = [...planContacts(options)];
  await generateInto(`${inject('mongoBaseUri')}${stack.models.Contact.db.name}`, options);
  // A case through its workflow to closure (no further action), and one left open.
  closedCase = await notify();
  openCase = await notify();
  await eventually(async () => (await stageOf(closedCase)) === 'awaiting_decision' && (await stageOf(openCase)) === 'awaiting_decision', 20_000, 'intake');
  expect((await call('POST', `/api/v1/cases/${closedCase}/decision`, { token: panel, body: { levelOfNeed: 1, outcome: 'no_further_action', factors: ['21'], ...jointly } })).status).toBe(200);
  expect((await call('POST', `/api/v1/cases/${closedCase}/authorisation`, { token: manager, body: { action: 'authorise' } })).status).toBe(200);
  await eventually(async () => (await stack.temporal.workflow.getHandle(workflowIdFor(closedCase)).describe()).status.name === 'COMPLETED', 30_000, 'closure');
  await eventually(async () => (await stack.store.readCaseRows(new Date(Date.now() - 86_400_000), new Date(Date.now() + 1), [])).some((r) => r.caseId === closedCase), 20_000, 'the closed row');
  // Holds: on one expiring case, and on a child of another (a family seen once).
  const once = (c: PlannedContact) => plan.filter((o) => o.family === c.family).length === 1;
  [heldCase, heldChildCase] = plan.filter((c) => short(c) && once(c));
  await stack.store.placeLegalHold('case', heldCase.caseId, { placedBy: actor, reason: 'Litigation: the family has brought a claim.' });
  const child = recordsOf(heldChildCase).people.find((p) => p.kind === 'child')!;
  await stack.store.placeLegalHold('person', child._id, { placedBy: actor, reason: 'Subject access request in hand.' });
}, 300_000);
afterAll(async () => stack?.stop());

const reason = 'Ofsted inspection: the Annex A lists asked for.';
const annexList = async (list: 'list-1' | 'list-3', from: string, to: string) => {
  const r = await call('GET', `/api/v1/returns/annex-a/${list}?from=${from}&to=${to}&format=json&reason=${encodeURIComponent(reason)}`, { token: manager });
  expect(r.status).toBe(200);
  return r.body.rows as (string | number)[][];
};
const localDay = (at: number) => localDate(at, stack.policy.calendar.timeZone);
let correctedChild = '';

describe('Annex A from the documents kept at closure', () => {
  it("lists a closed case from its document, its child's correction found through the month's note", async () => {
    const today = localDay(Date.now());
    expect((await stack.store.readAnnexACases([closedCase, openCase])).size).toBe(1);
    [correctedChild] = (await stack.store.readContact<{ childPersonIds: string[] }>(closedCase, { childPersonIds: 1 }))!.childPersonIds;
    const done = await call('POST', `/api/v1/people/${correctedChild}/rectifications`, { token: panel, body: { field: 'ethnicity', value: 'MWBA', reason: 'Told by the parent at the visit.' } });
    expect(done.status).toBe(201);
    // The closed case (from its document) and the open one (from its records) both stand corrected.
    const rows = (await annexList('list-1', today, today)).filter((r) => r[0] === correctedChild);
    expect(rows.map((r) => r[2])).toEqual(['g) MWBA', 'g) MWBA']);
  });

  it('gives the same lists from the documents as from the records (the generated weeks, rebuilt on import)', async () => {
    const [from, to] = [localDay(Date.now() - 70 * 86_400_000), localDay(Date.now())];
    const kept = await Promise.all([annexList('list-1', from, to), annexList('list-3', from, to)]);
    expect(kept[1].length).toBeGreaterThan(5);
    expect((await stack.store.readAnnexACases(plan.map((c) => c.caseId))).size).toBeGreaterThan(100);
    // Read again, each month from its gathered copy.
    expect((await stack.models.AnnexAMonth.find({}, { _id: 1 }).lean()).length).toBeGreaterThan(0);
    expect(await Promise.all([annexList('list-1', from, to), annexList('list-3', from, to)])).toEqual(kept);
    // Without the generated cases' documents (and the months' copies), each is listed from its records instead.
    await stack.models.AnnexACase.deleteMany({ _id: { $ne: closedCase } });
    await stack.models.AnnexAMonth.deleteMany({});
    expect(await Promise.all([annexList('list-1', from, to), annexList('list-3', from, to)])).toEqual(kept);
  });
});

describe('the retention schedule', () => {
  const asOf = new Date(Date.now() + 3 * 366 * 86_400_000 + 86_400_000).toISOString();
  const run = () => stack.temporal.workflow.execute('retentionWorkflow', { taskQueue: stack.taskQueue, workflowId: `retention-${randomUUID()}`, args: [{ asOf }] }) as Promise<{ erased: number; kept: Record<string, number> }>;

  it('erases exactly the expired records, leaves the held, the open and the unexpired, and audits each erasure', async () => {
    const expired = plan.filter((c) => short(c) && c !== heldCase && c !== heldChildCase);
    expect(expired.length).toBeGreaterThan(20);
    const report = await run();
    expect(report).toMatchObject({ erased: expired.length + 1, kept: { legal_hold: 2 } });

    for (const c of expired.slice(0, 40)) {
      expect(await stack.store.readContact(c.caseId), c.caseId).toBeNull();
      expect(await stack.store.notificationExists(c.caseId)).toBe(false);
      expect(await stack.store.referralFormExists(c.caseId)).toBe(false);
      expect(await stack.store.readTimeline(c.caseId)).toEqual([]);
      expect(await stack.store.readErasure(c.caseId)).toMatchObject({ kind: 'no_further_action' });
    }
    // Kept: the held case, the held child's case, every case of another outcome (six years, or to the 25th birthday), the open case.
    for (const c of [heldCase, heldChildCase, ...plan.filter((p) => !short(p))]) expect(await stack.store.readContact(c.caseId), c.caseId).not.toBeNull();
    expect(await stageOf(openCase)).toBe('awaiting_decision');
    expect((await stack.temporal.workflow.getHandle(workflowIdFor(openCase)).describe()).status.name).toBe('RUNNING');

    // Children go with their last case; a child with a case kept stays.
    const familyErased = (c: PlannedContact) => plan.filter((o) => o.family === c.family).every((o) => expired.includes(o));
    const gone = expired.filter(familyErased).slice(0, 10);
    const stays = expired.filter((c) => !familyErased(c)).slice(0, 10);
    expect(gone.length).toBeGreaterThan(0);
    expect(stays.length).toBeGreaterThan(0);
    const childOf = (c: PlannedContact) => recordsOf(c).people.find((p) => p.kind === 'child')!._id;
    for (const c of gone) expect(await stack.store.readPerson(childOf(c), { _id: 1 })).toBeNull();
    for (const c of stays) expect(await stack.store.readPerson(childOf(c), { _id: 1 })).not.toBeNull();
    // Adults too: each goes with the last case naming them (their history log), and stays while one is kept.
    const adultsOf = (c: PlannedContact) => recordsOf(c).people.filter((p) => p.kind === 'adult').map((p) => p._id);
    const keptAdults = new Set(plan.filter((p) => !expired.includes(p)).flatMap(adultsOf));
    const adultsGone = gone.flatMap(adultsOf).filter((id) => !keptAdults.has(id));
    expect(adultsGone.length).toBeGreaterThan(0);
    for (const id of adultsGone) expect(await stack.store.readPerson(id, { _id: 1 }), id).toBeNull();
    for (const id of stays.flatMap(adultsOf).filter((id) => keptAdults.has(id))) expect(await stack.store.readPerson(id, { _id: 1 }), id).not.toBeNull();

    // The case closed by its workflow: records and its workflow execution (history and visibility) gone.
    expect(await stack.store.readContact(closedCase)).toBeNull();
    // Temporal deletes an execution in the background once asked: gone within moments.
    const deleted = await eventually(
      () => stack.temporal.workflow.getHandle(workflowIdFor(closedCase)).describe().then(() => false, (err: Error) => err),
      30_000,
      "the closed case's workflow execution deleted",
    );
    expect(String(deleted)).toMatch(/not found/i);

    // The audit trail: each erasure, by the schedule, with the rule.
    const audit = await call('GET', `/api/v1/audit?caseId=${expired[0].caseId}`, { token: auditor });
    expect(audit.status).toBe(200);
    expect(audit.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'record.erase', reason: expect.stringMatching(/^no further action: expired/) })]));
    const closedAudit = await call('GET', `/api/v1/audit?caseId=${closedCase}`, { token: auditor });
    expect(closedAudit.body.items.find((e: { action: string }) => e.action === 'record.erase').reason).toMatch(/workflow history deleted/);
  }, 240_000);

  it("leaves the erased case out of Annex A (its document erased with it) and the open case's child as corrected", async () => {
    expect((await stack.store.readAnnexACases([closedCase])).size).toBe(0);
    const today = localDay(Date.now());
    const rows = (await annexList('list-1', today, today)).filter((r) => r[0] === correctedChild);
    expect(rows.map((r) => r[2])).toEqual(['g) MWBA']);
  });

  it('erases nothing more when run again, and the held case once its hold is released', async () => {
    expect(await run()).toMatchObject({ erased: 0, kept: { legal_hold: 2 } });
    expect(await stack.store.releaseLegalHold('case', heldCase.caseId)).toBe(true);
    expect(await run()).toMatchObject({ erased: 1, kept: { legal_hold: 1 } });
    expect(await stack.store.readContact(heldCase.caseId)).toBeNull();
  }, 180_000);

  it('applies the rules as configured: nothing expires a day before the shortest', async () => {
    const early = yearsAfter(new Date(), defaultRetentionRules.noFurtherActionYears - 1).toISOString();
    const report = await stack.temporal.workflow.execute('retentionWorkflow', { taskQueue: stack.taskQueue, workflowId: `retention-${randomUUID()}`, args: [{ asOf: early }] });
    expect(report).toMatchObject({ erased: 0 });
  });

  it('is kept as a daily Temporal schedule, created once and updated to the setting', async () => {
    const scheduleId = `retention-test-${randomUUID().slice(0, 8)}`;
    const opts = { taskQueue: stack.taskQueue, cron: '0 2 * * *', timeZone: stack.policy.calendar.timeZone, scheduleId };
    await keepRetentionSchedule(stack.temporal, opts);
    await keepRetentionSchedule(stack.temporal, { ...opts, cron: '30 3 * * *' });
    const described = await stack.temporal.schedule.getHandle(scheduleId).describe();
    expect(described.action).toMatchObject({ type: 'startWorkflow', workflowType: 'retentionWorkflow', taskQueue: stack.taskQueue });
    expect(JSON.stringify(described.spec)).toMatch(/"hour":\[\{"start":3/);
    await keepRetentionSchedule(stack.temporal, { ...opts, cron: null });
    await expect(stack.temporal.schedule.getHandle(scheduleId).describe()).rejects.toThrow();
  });
});
