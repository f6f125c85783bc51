// The audit trail a misuse inquiry can rely on (issue 19): each change's entry written by
// the durable step that makes the change (once, however often it is sent), naming its
// timeline entry instead of copying what was said; a retry's refusal recorded too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditSealScheduleId, keepSchedules } from '../../worker/schedules.js';
import { pagesSignedIn } from '../support/pages.js';
import { freshNotification, jointly } from '../support/fixtures.js';
import { anonymousCall } from '../support/referrals.js';
import { eventually, http, startStack, testAuth, tokenFor, type TestStack } from '../support/stack.js';

let stack: TestStack;
let call: ReturnType<typeof http>;
const auditor = tokenFor('auditor', 'front_door', { id: 'auditor-trail' });
const manager = tokenFor('front_door_manager', 'front_door', { id: 'manager-trail' });
const panel = tokenFor('panel_member', 'childrens_social_care', { id: 'panel-trail' });

beforeAll(async () => {
  stack = await startStack('audit-trail');
  call = http(stack.baseUrl);
});
afterAll(async () => stack?.stop());

type Entry = { action: string; outcome: number; reason?: string; timelineEntry?: string; caseId?: string; actor: { id: string } };
const trailOf = async (caseId: string): Promise<Entry[]> => (await call('GET', `/api/v1/audit?caseId=${caseId}&pageSize=200`, { token: auditor })).body.items;

async function awaitingDecision(): Promise<string> {
  const r = await call('POST', '/api/v1/notifications', { apiKey: testAuth.policeApiKeys.HUM, body: freshNotification() });
  await eventually(async () => (await call('GET', `/api/v1/cases/${r.body.caseId}`, { token: manager })).body?.stage === 'awaiting_decision', 20_000, 'intake');
  return r.body.caseId;
}

describe("a step's audit entry", () => {
  it('is written by the step itself, once for a keyed retry, naming its timeline entry and copying nothing said', async () => {
    const caseId = await awaitingDecision();
    const decision = { levelOfNeed: 2, outcome: 'early_help', leadAgency: 'early_help', earlyHelpConsent: { status: 'given' }, ...jointly };
    const key = { 'idempotency-key': 'audit-trail-decision-1' };
    expect((await call('POST', `/api/v1/cases/${caseId}/decision`, { token: panel, body: decision, headers: key })).status).toBe(200);
    expect((await call('POST', `/api/v1/cases/${caseId}/decision`, { token: panel, body: decision, headers: key })).status).toBe(200);
    // Sent again without the key: refused as out of order, and the refusal is in the trail.
    expect((await call('POST', `/api/v1/cases/${caseId}/decision`, { token: panel, body: decision })).status).toBe(409);

    const trail = await eventually(async () => {
      const t = await trailOf(caseId);
      return t.some((e) => e.action === 'case.request.refused') && t;
    }, 10_000, 'the refusal recorded');
    const recorded = trail.filter((e) => e.action === 'case.decision.record');
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ actor: { id: 'panel-trail' }, outcome: 200 });
    expect(recorded[0].reason).toBeUndefined();
    expect(JSON.stringify(trail)).not.toContain(jointly.rationale);
    // The entry names the timeline entry that keeps the rationale.
    const { [recorded[0].timelineEntry!]: event } = Object.fromEntries(
      (await stack.models.Timeline.find({ caseId }).lean()).map((e) => [String(e._id), e]),
    );
    expect(event).toMatchObject({ type: 'decision_recorded', reason: jointly.rationale });
    expect(trail.filter((e) => e.action === 'case.request.refused')).toMatchObject([{ actor: { id: 'panel-trail' }, outcome: 409 }]);
  });

  it("a police resend to a running case is audited by the case's workflow, with what it records of it", async () => {
    const n = freshNotification();
    const first = await call('POST', '/api/v1/notifications', { apiKey: testAuth.policeApiKeys.HUM, body: n });
    const again = await call('POST', '/api/v1/notifications', { apiKey: testAuth.policeApiKeys.HUM, body: n });
    expect(again.body.duplicate).toBe(true);
    const caseId = first.body.caseId;
    const trail = await eventually(async () => {
      const t = await trailOf(caseId);
      return t.some((e) => e.action === 'notification.resend') && t;
    }, 20_000, 'the resend audited');
    const resend = trail.filter((e) => e.action === 'notification.resend');
    expect(resend).toHaveLength(1);
    expect(resend[0].timelineEntry).toMatch(new RegExp(`^${caseId}:\\d{5}$`));
  });
});

/** A header as a client sends UTF-8 text: its bytes, which fetch passes on one by one. */
const utf8Header = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

describe('X-Reason', () => {
  it('is recorded with a read beyond need to know alone, as written in UTF-8; refused when not printable or too long', async () => {
    const caseId = await awaitingDecision();
    const outsider = tokenFor('partner_practitioner', 'youth_justice', { id: 'yot-trail' });
    const reason = 'Vérifier si l’équipe connaît la famille — visite à domicile prévue';
    const read = await call('GET', `/api/v1/cases/${caseId}`, { token: outsider, headers: { 'x-reason': utf8Header(reason) } });
    expect(read.status, JSON.stringify(read.body)).toBe(200);
    expect(read.body.access).toBe('beyond_need_to_know');

    // Control characters (a tab, a C1 control sent as UTF-8) are refused: the trail is read on screens and in reports.
    for (const text of ['A reason long enough\tto pass', 'A reason long enough\u0085to pass']) {
      const control = await call('GET', `/api/v1/cases/${caseId}`, { token: outsider, headers: { 'x-reason': utf8Header(text) } });
      expect(control.status).toBe(400);
      expect(control.body.errors[0]).toMatchObject({ path: 'headers.x-reason', code: 'bad-format' });
    }
    const notUtf8 = await call('GET', `/api/v1/cases/${caseId}`, { token: outsider, headers: { 'x-reason': 'Une raison assez longue, mal encod\xe9e' } });
    expect(notUtf8.status).toBe(400);
    const tooLong = await call('GET', `/api/v1/cases/${caseId}`, { token: outsider, headers: { 'x-reason': 'x'.repeat(501) } });
    expect(tooLong.body.errors[0]).toMatchObject({ path: 'headers.x-reason', code: 'too-big' });

    // Where nobody asks for a reason it is not kept: a manager's read, a step.
    const said = 'Text a caller chose to put in the trail';
    expect((await call('GET', `/api/v1/cases/${caseId}`, { token: manager, headers: { 'x-reason': said } })).status).toBe(200);
    const decision = { levelOfNeed: 1, outcome: 'no_further_action', factors: ['21'], ...jointly };
    expect((await call('POST', `/api/v1/cases/${caseId}/decision`, { token: panel, body: decision, headers: { 'x-reason': said } })).status).toBe(200);

    const trail = await trailOf(caseId);
    expect(trail.filter((e) => e.action === 'case.read.beyond_need_to_know')).toMatchObject([{ actor: { id: 'yot-trail' }, reason }]);
    expect(JSON.stringify(trail)).not.toContain(said);
  });
});

describe('the hash chain', () => {
  it("is sealed by the worker's schedule, one run at a time, and broken by an entry edited in the database", async () => {
    const caseId = await awaitingDecision();
    // The worker makes the schedule at start; made twice, it is the same one.
    // Both schedules on one client (one connection): the sealer and the retention schedule.
    const opts = { taskQueue: stack.taskQueue, retentionCron: '0 2 * * *', timeZone: stack.policy.calendar.timeZone, retentionScheduleId: `retention-${stack.taskQueue}` };
    const ids = await keepSchedules(stack.temporal, opts);
    await keepSchedules(stack.temporal, opts);
    expect((await stack.temporal.schedule.getHandle(ids.retention).describe()).action).toMatchObject({ workflowType: 'retentionWorkflow' });
    await keepSchedules(stack.temporal, { ...opts, retentionCron: null });
    await expect(stack.temporal.schedule.getHandle(ids.retention).describe()).rejects.toThrow();
    const schedule = stack.temporal.schedule.getHandle(auditSealScheduleId(stack.taskQueue));
    try {
      expect((await schedule.describe()).policies.overlap).toBe('SKIP');
      await schedule.trigger();
      const entries = await stack.models.Audit.countDocuments({});
      await eventually(async () => (await stack.store.verifyAuditChain()).links >= entries, 30_000, 'the trail sealed');
    } finally {
      await schedule.delete();
    }
    expect(await stack.store.verifyAuditChain()).not.toHaveProperty('broken');
    const entry = (await stack.models.Audit.findOne({ caseId, action: 'notification.submit' }).lean())!;
    await stack.models.Audit.updateOne({ _id: entry._id }, { $set: { outcome: 500 } });
    expect((await stack.store.verifyAuditChain()).broken).toMatchObject({ entryId: entry._id, problem: 'entry edited' });
  });
});

/** A person signed in to the pages (at the suite's identity provider): GET a page, POST a form (its CSRF token sent). */
const browserAs = (userId: string) => pagesSignedIn(stack.baseUrl, userId);

/** A person signed in to the pages: GET a page. */
const pagesAs = async (userId: string) => (await browserAs(userId)).get;

describe('who accessed anything about a child', () => {
  it('reports, across their cases, every read, list and step; audit reads record what they looked up', async () => {
    const [first, second] = [await awaitingDecision(), await awaitingDecision()];
    const personId = (await stack.models.Contact.findById(first).lean())!.childPersonIds![0];
    expect((await stack.models.Contact.findById(second).lean())!.childPersonIds).toContain(personId);
    const health = tokenFor('partner_practitioner', 'health', { id: 'hv-child-report' });
    expect((await call('GET', `/api/v1/cases/${first}`, { token: health })).status).toBe(200);
    expect((await call('GET', `/api/v1/people/${personId}/contacts`, { token: manager })).status).toBe(200);
    // An auditor's query records the case and the user looked up.
    expect((await call('GET', `/api/v1/audit?caseId=${second}&userId=hv-child-report`, { token: auditor })).status).toBe(200);

    const report = await call('GET', `/api/v1/audit/children/${personId}?pageSize=200`, { token: auditor });
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    expect(report.body.caseIds).toEqual(expect.arrayContaining([first, second]));
    const seen = report.body.items.map((e: Entry) => `${e.action}:${e.actor.id}:${e.caseId}`);
    expect(seen).toEqual(expect.arrayContaining([
      `case.read:hv-child-report:${first}`,
      `person.contacts.read:manager-trail:${first}`,
      `person.contacts.read:manager-trail:${second}`,
      `audit.read:auditor-trail:${second}`,
    ]));
    expect(report.body.items.find((e: Entry & { lookedUp?: object }) => e.action === 'audit.read')?.lookedUp).toEqual({ caseId: second, userId: 'hv-child-report' });
    expect(report.body.items.find((e: Entry & { lookedUp?: object }) => e.action === 'person.contacts.read')?.lookedUp).toEqual({ personId });
    // The report is consulted in its turn, naming the child; for auditors only.
    const mine = (await call('GET', '/api/v1/audit?userId=auditor-trail&pageSize=200', { token: auditor })).body.items;
    expect(mine.filter((e: Entry) => e.action === 'audit.child.read')).toMatchObject([{ lookedUp: { personId } }]);
    expect((await call('GET', `/api/v1/audit/children/${personId}`, { token: manager })).status).toBe(403);
    expect((await call('GET', '/api/v1/audit/children/CH-0000000000000000DEAD', { token: auditor })).status).toBe(404);

    // The audit page asks for it by the child's person id.
    const page = await (await pagesAs('dev-auditor'))(`/audit?personId=${personId}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain(`Who accessed anything about child ${personId}`);
    expect(page.html).toContain('hv-child-report');
  });
});

describe('reads recorded once per thing shown', () => {
  it('a chronology asked for some contacts gives and records those; its page names the child without reading a case', async () => {
    const [first, second] = [await awaitingDecision(), await awaitingDecision()];
    const personId = (await stack.models.Contact.findById(first).lean())!.childPersonIds![0];
    const panelUser = tokenFor('panel_member', 'childrens_social_care', { id: 'panel-shown' });
    const some = await call('GET', `/api/v1/people/${personId}/contacts?caseIds=${first}`, { token: panelUser });
    expect(some.body.items.map((i: { caseId: string }) => i.caseId)).toEqual([first]);
    expect(some.body.child).toMatchObject({ givenName: expect.any(String), familyName: expect.any(String) });
    const mine = (await call('GET', '/api/v1/audit?userId=panel-shown&pageSize=200', { token: auditor })).body.items as Entry[];
    expect(mine.filter((e) => e.action === 'person.contacts.read').map((e) => e.caseId)).toEqual([first]);
    expect(mine.some((e) => e.caseId === second)).toBe(false);

    // The chronology page: the child named, no case read to name them.
    const chair = await pagesAs('dev-panel-chair');
    const page = await chair(`/people/${personId}/contacts`);
    expect(page.status).toBe(200);
    expect(page.html).toContain(`${some.body.child.givenName} ${some.body.child.familyName}`);
    const chairs = (await call('GET', '/api/v1/audit?userId=dev-panel-chair&pageSize=200', { token: auditor })).body.items as Entry[];
    expect(chairs.filter((e) => e.action === 'case.read')).toEqual([]);
  });

  it("the queues page reads the queue it shows, and only the others' counts", async () => {
    // A call awaiting its rating: in another queue than the one shown.
    const call_ = await call('POST', '/api/v1/referrals', { token: manager, body: anonymousCall(), headers: { 'idempotency-key': `shown-${Date.now()}` } });
    expect(call_.status, JSON.stringify(call_.body)).toBe(202);
    await eventually(async () => (await call('GET', `/api/v1/cases/${call_.body.caseId}`, { token: manager })).body?.stage === 'awaiting_rating', 20_000, 'intake');
    const counts = await call('GET', '/api/v1/queues', { token: manager });
    expect(counts.body.counts.awaiting_rating).toBeGreaterThanOrEqual(1);
    const lead = await call('GET', '/api/v1/queues', { token: tokenFor('lead_agency_worker', 'education') });
    expect(Object.keys(lead.body.counts)).toEqual(['awaiting_acceptance']);

    const manages = await pagesAs('dev-front-door-manager');
    const page = await manages('/queues/awaiting-authorisation');
    expect(page.status).toBe(200);
    const entries = (await call('GET', '/api/v1/audit?userId=dev-front-door-manager&pageSize=200', { token: auditor })).body.items as Entry[];
    expect(entries.some((e) => e.action === 'queue.counts.read')).toBe(true);
    expect(entries.filter((e) => e.action === 'queue.read').map((e) => e.caseId)).not.toContain(call_.body.caseId);
  });
});

describe('a decision recorded at the PIT Stop', () => {
  it('goes on to the next case of the agenda as shown, without reading (and recording) the agenda again', async () => {
    const [first, second] = [await awaitingDecision(), await awaitingDecision()];
    const date = (await call('GET', `/api/v1/cases/${first}`, { token: manager })).body.meeting.date;
    const chair = await browserAs('dev-panel-chair');
    await chair.get(`/pitstop/register?date=${date}`);
    const register = await chair.post('/pitstop/register', { date, 'name-0': 'Panel Chair', 'agency-0': 'childrens_social_care', 'name-1': 'Health Visitor', 'agency-1': 'health' });
    expect(register.status, register.html).toBe(303);
    // The agenda shown: each case's link carries the cases after it.
    const agenda = await chair.get(`/pitstop?date=${date}`);
    expect(agenda.html).toMatch(new RegExp(`/pitstop/cases/${first}\\?date=${date}&(amp;)?then=[^"]*${second}`));
    const agendaReads = async () =>
      ((await call('GET', '/api/v1/audit?userId=dev-panel-chair&pageSize=200', { token: auditor })).body.items as Entry[]).filter((e) => e.action === 'agenda.read').length;
    const before = await agendaReads();

    await chair.get(`/pitstop/cases/${first}?date=${date}&then=${second}`);
    const decided = await chair.post(`/pitstop/cases/${first}/decision`, {
      date, then: second, levelOfNeed: '1', outcome: 'no_further_action', factors: '21', proposedBy: 'childrens_social_care', rationale: jointly.rationale,
    });
    expect(decided.status, decided.html.slice(0, 2000)).toBe(303);
    expect(decided.location).toBe(`/pitstop/cases/${second}?date=${date}&decided=${first}&then=`);
    expect((await call('GET', `/api/v1/cases/${first}`, { token: manager })).body.stage).toBe('awaiting_authorisation');
    expect(await agendaReads()).toBe(before);
  });
});
