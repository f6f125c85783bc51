// Need to know (issue 12), through the real stack: each role's view of the SAME decided and
// allocated case, field by field; who is refused and how a reason opens a read beyond need
// to know (and is audited as such); a lead agency after declining or being withdrawn;
// forces; lists, the agenda and queues audited with the cases they showed; and the case
// list's filters over fixtures that differ.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { agencies } from '../../shared/codes.js';
import { loadPolicy } from '../../shared/config.js';
import { freshNotification } from '../support/fixtures.js';
import { eventually, http, startStack, testAuth, tokenFor, type TestStack } from '../support/stack.js';

let stack: TestStack;
let call: ReturnType<typeof http>;
const police = testAuth.policeApiKeys.HUM;
const otherForce = testAuth.policeApiKeys.WYP;
const manager = tokenFor('front_door_manager', 'front_door', { id: 'mgr-a' });
const secondManager = tokenFor('front_door_manager', 'front_door', { id: 'mgr-b' });
const panel = tokenFor('panel_member', 'childrens_social_care', { id: 'panel-1' });
const auditor = tokenFor('auditor', 'front_door');
const practitioner = (agency: string, id = `pp-${agency}`) => tokenFor('partner_practitioner', agency, { id });
const leadWorker = (agency: string, id = `lead-${agency}`) => tokenFor('lead_agency_worker', agency, { id });

beforeAll(async () => {
  stack = await startStack('need-to-know');
  call = http(stack.baseUrl);
});
afterAll(async () => stack?.stop());

/** Submits a notification and waits until the panel can consider it; answers the manager's view. */
async function received(changes: (n: any) => void = () => {}, file?: string): Promise<any> {
  const r = await call('POST', '/api/v1/notifications', { apiKey: police, body: freshNotification(changes, file) });
  expect(r.status).toBe(202);
  return eventually(async () => {
    const c = await call('GET', `/api/v1/cases/${r.body.caseId}`, { token: manager });
    return c.body.stage === 'awaiting_decision' && c.body;
  }, 20_000, 'intake');
}

async function stageIs(caseId: string, stage: string) {
  await eventually(async () => (await stack.models.Contact.findById(caseId).lean())?.stage === stage, 20_000, stage);
}

async function step(caseId: string, path: string, token: string, body: object) {
  const r = await call('POST', `/api/v1/cases/${caseId}/${path}`, { token, body });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

/** The audit entries of one user, newest first. */
async function auditOf(userId: string): Promise<any[]> {
  const r = await call('GET', `/api/v1/audit?userId=${encodeURIComponent(userId)}&pageSize=200`, { token: auditor });
  expect(r.status).toBe(200);
  return r.body.items;
}

const attendees = [
  { name: 'Test Panel Chair', agency: 'childrens_social_care' },
  { name: 'Test Early Help Lead', agency: 'early_help' },
];
const rationale = 'Emerging needs after domestic abuse; early help is best placed to lead, with the school.';

// ---- One case, decided and allocated, as each role sees it ---------------------------

describe('each role\'s view of the same decided and allocated case', () => {
  let c: any;
  const healthShared = 'HEALTH-MARKER: the health visitor has seen the family twice this year.';
  const schoolShared = 'EDUCATION-MARKER: attendance has dropped this term.';

  beforeAll(async () => {
    // Domestic abuse: social care, early help, health, education and DA services are asked.
    c = await received();
    await step(c.caseId, 'partner-information', practitioner('health', 'hv-1'), { currentInvolvement: true, involvementSummary: healthShared });
    await step(c.caseId, 'partner-information', practitioner('education', 'dsl-1'), { currentInvolvement: true, involvementSummary: schoolShared });
    await step(c.caseId, 'decision', panel, {
      levelOfNeed: 2,
      outcome: 'early_help',
      leadAgency: 'early_help',
      earlyHelpConsent: { status: 'given' },
      rationale,
      factors: ['3B'],
      attendees,
      proposedBy: 'early_help',
      partnerActions: [
        { kind: 'notify_health_visitor', agency: 'health', detail: 'Offer a home visit this week.' },
        { kind: 'other', agency: 'housing', detail: 'Check tenancy support for the mother.' },
      ],
    });
    await step(c.caseId, 'authorisation', manager, { action: 'authorise' });
    await stageIs(c.caseId, 'awaiting_allocation');
    await step(c.caseId, 'allocation', leadWorker('early_help'), { response: 'accept', leadProfessional: { name: 'Test Family Worker', team: 'Early Help North' } });
    await stageIs(c.caseId, 'closed');
  });

  it('managers and panel members see the whole case, with the notification, decisions, allocations and history', async () => {
    for (const token of [manager, panel]) {
      const r = await call('GET', `/api/v1/cases/${c.caseId}`, { token });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ stage: 'closed', outcome: 'early_help', leadAgency: 'early_help', source: '6' });
      expect(r.body.notification.incident.childVoice).toMatch(/hides in her room/);
      expect(r.body.decisions[0]).toMatchObject({ rationale, attendees, proposedBy: 'early_help' });
      expect(r.body.allocations[0]).toMatchObject({ leadAgency: 'early_help', status: 'accepted' });
      expect(r.body.history.length).toBeGreaterThan(4);
      expect(r.body.partnerInformation.map((p: { agency: string }) => p.agency)).toEqual(expect.arrayContaining(['health', 'education']));
    }
    const shared = await call('GET', `/api/v1/cases/${c.caseId}/partner-information`, { token: manager });
    expect(shared.body.items.map((i: { agency: string }) => i.agency).sort()).toEqual(['education', 'health']);
  });

  it("a health practitioner sees the people, the incident, the concerns, health's request, action and contribution: nothing else", async () => {
    const r = await call('GET', `/api/v1/cases/${c.caseId}`, { token: practitioner('health', 'hv-1') });
    expect(r.status).toBe(200);
    const v = r.body;
    expect(Object.keys(v).sort()).toEqual([
      'access', 'adults', 'agency', 'caseId', 'children', 'concerns', 'contributions', 'incident', 'informationRequest', 'partnerActions', 'stage', 'url',
    ]);
    expect(v).toMatchObject({ caseId: c.caseId, url: `/api/v1/cases/${c.caseId}`, stage: 'closed', access: 'need_to_know', agency: 'health' });
    expect(v.incident).toEqual({ type: 'domestic_abuse', occurredAt: '2026-11-19T22:15:00Z' });
    expect(v.concerns).toEqual({
      circumstances: expect.stringMatching(/^Verbal argument escalated/),
      officerConcerns: expect.stringMatching(/^Third attendance/),
    });
    expect(v.children).toEqual([
      { givenName: 'Ava', familyName: 'Testcase', dateOfBirth: '2017-03-14', unborn: false, gender: 'female', school: 'Example Primary School' },
      { givenName: 'Leo', familyName: 'Testcase', dateOfBirth: '2022-08-02', unborn: false, gender: 'male' },
    ]);
    expect(v.adults).toEqual([
      { givenName: 'Sam', familyName: 'Testcase', dateOfBirth: '1991-06-30', role: 'victim' },
      { givenName: 'Jordan', familyName: 'Example', dateOfBirth: '1989-01-11', role: 'suspect' },
    ]);
    const asked = c.partnerInformation.find((p: { agency: string }) => p.agency === 'health');
    expect(Object.keys(v.informationRequest).sort()).toEqual(['dueAt', 'late', 'receivedAt', 'requestedAt', 'status']);
    expect(v.informationRequest).toMatchObject({ status: 'received', dueAt: asked.dueAt, late: false });
    expect(v.partnerActions).toEqual([{ kind: 'notify_health_visitor', detail: 'Offer a home visit this week.' }]);
    expect(v.contributions).toHaveLength(1);
    expect(v.contributions[0]).toMatchObject({
      submittedBy: { id: 'hv-1', agency: 'health' },
      late: false,
      information: { currentInvolvement: true, involvementSummary: healthShared, noInformationHeld: false },
    });
    // Nothing of another agency, of the decision's reasoning, of the timeline or of the police's own record.
    const text = JSON.stringify(v);
    for (const other of agencies.filter((a) => a !== 'health')) expect(text, other).not.toContain(`"${other}"`);
    for (const absent of [schoolShared, rationale, 'Test Panel Chair', 'hides in her room', 'a.officer@police.example', 'PC 1234', "mother's partner", 'operation_encompass_notice', 'Example Row']) {
      expect(text, absent).not.toContain(absent);
    }
    for (const key of ['notification', 'decisions', 'allocations', 'history', 'partnerInformation', 'rating', 'outcome', 'policeReference']) expect(v).not.toHaveProperty(key);
  });

  it("an education practitioner sees education's own contribution and not health's", async () => {
    const v = (await call('GET', `/api/v1/cases/${c.caseId}`, { token: practitioner('education', 'dsl-1') })).body;
    expect(v.agency).toBe('education');
    expect(v.contributions.map((i: any) => i.information.involvementSummary)).toEqual([schoolShared]);
    expect(v.partnerActions).toEqual([]);
    expect(JSON.stringify(v)).not.toContain('HEALTH-MARKER');
    const shared = await call('GET', `/api/v1/cases/${c.caseId}/partner-information`, { token: practitioner('education', 'dsl-1') });
    expect(shared.body.items.map((i: { agency: string }) => i.agency)).toEqual(['education']);
  });

  it('housing, asked only by a partner action, sees that action and no request', async () => {
    const r = await call('GET', `/api/v1/cases/${c.caseId}`, { token: practitioner('housing') });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ agency: 'housing', access: 'need_to_know', partnerActions: [{ kind: 'other', detail: 'Check tenancy support for the mother.' }], contributions: [] });
    expect(r.body).not.toHaveProperty('informationRequest');
  });

  it('the lead agency sees the allocating decision, the people and concerns, and its allocation: no partner contributions', async () => {
    const r = await call('GET', `/api/v1/cases/${c.caseId}`, { token: leadWorker('early_help') });
    expect(r.status).toBe(200);
    const v = r.body;
    expect(Object.keys(v).sort()).toEqual(['access', 'adults', 'agency', 'allocation', 'caseId', 'children', 'concerns', 'decision', 'incident', 'stage', 'url']);
    expect(v).toMatchObject({ stage: 'closed', access: 'need_to_know', agency: 'early_help' });
    expect(Object.keys(v.decision).sort()).toEqual(['authorisedAt', 'factors', 'leadAgency', 'levelOfNeed', 'outcome', 'partnerActions', 'rationale', 'status', 'version']);
    expect(v.decision).toMatchObject({
      version: 1,
      status: 'authorised',
      outcome: 'early_help',
      levelOfNeed: 2,
      leadAgency: 'early_help',
      rationale,
      factors: ['3B'],
      partnerActions: [
        { kind: 'notify_health_visitor', agency: 'health', detail: 'Offer a home visit this week.' },
        { kind: 'other', agency: 'housing', detail: 'Check tenancy support for the mother.' },
      ],
    });
    expect(v.allocation).toMatchObject({
      leadAgency: 'early_help',
      decisionVersion: 1,
      status: 'accepted',
      leadProfessional: { name: 'Test Family Worker', team: 'Early Help North' },
      respondedBy: { id: 'lead-early_help' },
    });
    expect(v.children.map((ch: any) => ch.givenName)).toEqual(['Ava', 'Leo']);
    expect(v.concerns.officerConcerns).toMatch(/^Third attendance/);
    const text = JSON.stringify(v);
    for (const absent of ['HEALTH-MARKER', 'EDUCATION-MARKER', 'Test Panel Chair', 'hides in her room', 'a.officer@police.example']) expect(text, absent).not.toContain(absent);
    for (const key of ['contributions', 'notification', 'decisions', 'allocations', 'history', 'partnerInformation', 'informationRequest']) expect(v).not.toHaveProperty(key);
  });

  it('the police see exactly the configured fields of their own case', async () => {
    const r = await call('GET', `/api/v1/cases/${c.caseId}`, { apiKey: police });
    expect(r.status).toBe(200);
    expect(Object.keys(r.body).sort()).toEqual(['caseId', 'closedAt', 'decidedAt', 'forceCode', 'leadAgency', 'outcome', 'policeReference', 'receivedAt', 'stage', 'url']);
    expect(r.body).toMatchObject({ forceCode: 'HUM', stage: 'closed', outcome: 'early_help', leadAgency: 'early_help', receivedAt: c.receivedAt });
    expect(Date.parse(r.body.decidedAt)).toBeLessThanOrEqual(Date.parse(r.body.closedAt));

    // The council changes what forces are shown (POLICE_VIEW_FIELDS).
    const configured = stack.policy.policeViewFields;
    try {
      stack.policy.policeViewFields = ['outcome', 'levelOfNeed', 'rating'];
      const narrower = await call('GET', `/api/v1/cases/${c.caseId}`, { apiKey: police });
      expect(narrower.body).toEqual({
        caseId: c.caseId, url: `/api/v1/cases/${c.caseId}`, forceCode: 'HUM', policeReference: c.policeReference,
        outcome: 'early_help', levelOfNeed: 2, rating: 'amber',
      });
    } finally {
      stack.policy.policeViewFields = configured;
    }
  });

  it('another force, a lead agency not allocated and a partner agency with nothing on the case are refused', async () => {
    const wyp = await call('GET', `/api/v1/cases/${c.caseId}`, { apiKey: otherForce });
    expect(wyp.status).toBe(403);
    expect(wyp.body.detail).toBe("another force's notification");
    const school = await call('GET', `/api/v1/cases/${c.caseId}`, { token: leadWorker('education') });
    expect(school.status).toBe(403);
    expect(school.body.detail).toMatch(/not allocated to your organisation.*X-Reason/);
    const yot = await call('GET', `/api/v1/cases/${c.caseId}`, { token: practitioner('youth_justice', 'yot-1') });
    expect(yot.status).toBe(403);
    expect(yot.body.detail).toMatch(/no open request, partner action or allocation.*X-Reason/);
    // A reason of only spaces is no reason.
    expect((await call('GET', `/api/v1/cases/${c.caseId}`, { token: practitioner('youth_justice', 'yot-1'), headers: { 'x-reason': '   ' } })).status).toBe(403);
    // A token gesture is not a reason: refused with the header named, and nothing is shown.
    const gesture = await call('GET', `/api/v1/cases/${c.caseId}`, { token: practitioner('youth_justice', 'yot-1'), headers: { 'x-reason': 'ok' } });
    expect(gesture.status).toBe(400);
    expect(gesture.body.errors[0]).toMatchObject({ path: 'headers.x-reason', code: 'too-small' });
    expect(gesture.body).not.toHaveProperty('children');
    expect((await call('GET', `/api/v1/cases/${c.caseId}/partner-information`, { token: practitioner('youth_justice', 'yot-1') })).status).toBe(403);
  });

  it('a partner with nothing on the case reads it with a reason, audited as a read beyond need to know', async () => {
    const reason = 'Young person known to the youth offending team under another name; checking before the panel.';
    const r = await call('GET', `/api/v1/cases/${c.caseId}`, { token: practitioner('youth_justice', 'yot-2'), headers: { 'x-reason': reason } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ agency: 'youth_justice', access: 'beyond_need_to_know', partnerActions: [], contributions: [] });
    expect(r.body).not.toHaveProperty('informationRequest');
    expect(r.body.children).toHaveLength(2);
    expect(JSON.stringify(r.body)).not.toContain('HEALTH-MARKER');
    const shared = await call('GET', `/api/v1/cases/${c.caseId}/partner-information`, { token: practitioner('youth_justice', 'yot-2'), headers: { 'x-reason': reason } });
    expect(shared.status).toBe(200);
    expect(shared.body.items).toEqual([]);
    const tooLong = await call('GET', `/api/v1/cases/${c.caseId}`, { token: practitioner('youth_justice', 'yot-2'), headers: { 'x-reason': 'x'.repeat(501) } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors[0].path).toBe('headers.x-reason');

    const log = await auditOf('yot-2');
    expect(log.filter((e) => e.caseId === c.caseId).map((e) => [e.action, e.outcome === 200 ? e.reason : '(refused)', e.outcome])).toEqual([
      // The reason too long, refused and recorded as a refused request about the case.
      ['case.request.refused', '(refused)', 400],
      ['case.partner_information.read.beyond_need_to_know', reason, 200],
      ['case.read.beyond_need_to_know', reason, 200],
    ]);
    // The refusals before are audited with what was refused, and a read within need to know as a plain read.
    const refused = await auditOf('yot-1');
    expect(refused.map((e) => [e.action, e.caseId, e.outcome]).sort()).toEqual([...Array(3).fill(['access.refused', c.caseId, 403]), ['case.request.refused', c.caseId, 400]]);
    expect(refused.find((e) => e.outcome === 400).reason).toMatch(/at least 20 characters/);
    expect(refused.find((e) => e.outcome === 403).reason).toMatch(/X-Reason/);
    const health = await auditOf('hv-1');
    expect(health.filter((e) => e.action.startsWith('case.read')).map((e) => e.action)).toEqual(['case.read']);
  });
});

// ---- Lead agencies after declining or being withdrawn --------------------------------

describe('a lead agency keeps access only while it holds the allocation', () => {
  const early = (leadAgency: string, partnerActions: object[] = []) => ({
    levelOfNeed: 2, outcome: 'early_help', leadAgency, rationale, factors: ['3B'], attendees, proposedBy: 'early_help', partnerActions, earlyHelpConsent: { status: 'given' },
  });

  it('is refused after declining, and may read with a reason what it declined', async () => {
    const c = await received();
    await step(c.caseId, 'decision', panel, early('education'));
    await step(c.caseId, 'authorisation', manager, { action: 'authorise' });
    await stageIs(c.caseId, 'awaiting_allocation');
    const school = leadWorker('education', 'school-lead');
    const before = await call('GET', `/api/v1/cases/${c.caseId}`, { token: school });
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ access: 'need_to_know', decision: { version: 1, outcome: 'early_help' }, allocation: { leadAgency: 'education', status: 'requested' } });

    await step(c.caseId, 'allocation', school, { response: 'decline', reason: 'No capacity in the school team this term.' });
    const after = await call('GET', `/api/v1/cases/${c.caseId}`, { token: school });
    expect(after.status).toBe(403);
    expect(after.body.detail).toMatch(/X-Reason/);
    const reasoned = await call('GET', `/api/v1/cases/${c.caseId}`, { token: school, headers: { 'x-reason': 'Manager asked why we declined' } });
    expect(reasoned.status).toBe(200);
    expect(reasoned.body).toMatchObject({ access: 'beyond_need_to_know', allocation: { status: 'declined', declineReason: 'No capacity in the school team this term.' } });
    const log = await auditOf('school-lead');
    expect(log.map((e) => [e.action, e.outcome])).toEqual(expect.arrayContaining([['case.read', 200], ['access.refused', 403], ['case.read.beyond_need_to_know', 200]]));
  });

  it('is refused once an amendment withdraws its allocation, and a superseded partner action no longer counts', async () => {
    const c = await received();
    await step(c.caseId, 'decision', panel, early('education', [{ kind: 'other', agency: 'housing', detail: 'Check tenancy support.' }]));
    await step(c.caseId, 'authorisation', manager, { action: 'authorise' });
    await stageIs(c.caseId, 'awaiting_allocation');
    expect((await call('GET', `/api/v1/cases/${c.caseId}`, { token: leadWorker('education') })).status).toBe(200);
    expect((await call('GET', `/api/v1/cases/${c.caseId}`, { token: practitioner('housing') })).status).toBe(200);

    await step(c.caseId, 'amendments', secondManager, {
      reason: 'Needs are wider than the school can meet: targeted family support.',
      decision: { ...early('early_help'), outcome: 'targeted_family_support', levelOfNeed: 3 },
    });
    await eventually(async () => {
      const doc = await stack.models.Contact.findById(c.caseId).lean<any>();
      return doc?.status?.allocations?.some((a: { leadAgency: string; status: string }) => a.leadAgency === 'early_help' && a.status === 'requested');
    }, 20_000, 'allocation to early help');
    expect((await call('GET', `/api/v1/cases/${c.caseId}`, { token: leadWorker('education') })).status).toBe(403);
    expect((await call('GET', `/api/v1/cases/${c.caseId}`, { token: practitioner('housing') })).status).toBe(403);
    const now = await call('GET', `/api/v1/cases/${c.caseId}`, { token: leadWorker('early_help') });
    expect(now.status).toBe(200);
    expect(now.body).toMatchObject({ decision: { version: 2, outcome: 'targeted_family_support', levelOfNeed: 3 }, allocation: { leadAgency: 'early_help', status: 'requested', decisionVersion: 2 } });
  });
});

// ---- Forces and a case still being received ------------------------------------------

describe('forces', () => {
  it('refuses a case still being received to every force, its own included (403), and audits the refusal', async () => {
    // With no worker polling, the case stays in Temporal, its force not yet on record.
    await stack.stopWorker();
    let caseId: string;
    try {
      const r = await call('POST', '/api/v1/notifications', { apiKey: police, body: freshNotification() });
      expect(r.status).toBe(202);
      caseId = r.body.caseId;
      const own = await call('GET', `/api/v1/cases/${caseId}`, { apiKey: police });
      expect(own.status).toBe(403);
      expect(own.body.detail).toMatch(/still being received/);
      expect(JSON.stringify(own.body)).not.toMatch(/HUM|stage/);
      expect((await call('GET', `/api/v1/cases/${caseId}`, { apiKey: otherForce })).status).toBe(403);
      // The front door sees that it is being received.
      const m = await call('GET', `/api/v1/cases/${caseId}`, { token: manager });
      expect(m.status).toBe(200);
      expect(m.body.stage).toBe('received');
      const log = await auditOf('police-system:HUM');
      expect(log[0]).toMatchObject({ action: 'access.refused', caseId, outcome: 403 });
    } finally {
      await stack.startWorker();
    }
    await stageIs(caseId, 'awaiting_decision');
    expect((await call('GET', `/api/v1/cases/${caseId}`, { apiKey: police })).status).toBe(200);
    expect((await call('GET', `/api/v1/cases/${caseId}`, { apiKey: otherForce })).status).toBe(403);
  });
});

// ---- Lists, the agenda and the queues: each case shown is audited --------------------

describe('lists, the agenda and queues record the cases they showed', () => {
  const shownIn = async (userId: string, action: string) => {
    const entries = (await auditOf(userId)).filter((e) => e.action === action);
    const requestId = entries[0].requestId;
    return entries.filter((e) => e.requestId === requestId).map((e) => e.caseId).sort();
  };

  it('the agenda shows a partner the cases within their agency\'s need to know, and audits those shown', async () => {
    // Anti-social behaviour: health is not asked (early help, education, youth justice, community safety, housing are).
    const notHealths = await received((n) => {
      n.incident.type = 'anti_social_behaviour';
      delete n.dash;
    });
    const healths = await received();
    expect(healths.meeting.date).toBe(notHealths.meeting.date);
    const date = healths.meeting.date;

    const forHealth = await call('GET', `/api/v1/agenda?date=${date}`, { token: practitioner('health', 'hv-agenda') });
    const healthIds: string[] = forHealth.body.items.map((i: { caseId: string }) => i.caseId);
    expect(healthIds).toContain(healths.caseId);
    expect(healthIds).not.toContain(notHealths.caseId);
    expect(await shownIn('hv-agenda', 'agenda.read')).toEqual([...healthIds].sort());

    const forPanel = await call('GET', `/api/v1/agenda?date=${date}`, { token: tokenFor('panel_member', 'police', { id: 'panel-agenda' }) });
    const panelIds: string[] = forPanel.body.items.map((i: { caseId: string }) => i.caseId);
    expect(panelIds).toEqual(expect.arrayContaining([healths.caseId, notHealths.caseId]));
    expect(await shownIn('panel-agenda', 'agenda.read')).toEqual([...panelIds].sort());
  });

  it('each work queue audits the cases it showed, a lead agency its own only', async () => {
    const c = await received();
    await step(c.caseId, 'decision', panel, { levelOfNeed: 3, outcome: 'targeted_family_support', rationale, factors: ['3B'], attendees, proposedBy: 'early_help', partnerActions: [], earlyHelpConsent: { status: 'given' } });
    await step(c.caseId, 'authorisation', manager, { action: 'authorise' });
    await stageIs(c.caseId, 'awaiting_allocation');

    const queue = await call('GET', '/api/v1/queues/awaiting_acceptance', { token: tokenFor('front_door_manager', 'front_door', { id: 'mgr-queue' }) });
    const ids: string[] = queue.body.items.map((i: { caseId: string }) => i.caseId);
    expect(ids).toContain(c.caseId);
    expect(ids.length).toBeGreaterThan(1);
    expect(await shownIn('mgr-queue', 'queue.read')).toEqual([...ids].sort());

    const own = await call('GET', '/api/v1/queues/awaiting_acceptance', { token: leadWorker('early_help', 'eh-queue') });
    const ownIds: string[] = own.body.items.map((i: { caseId: string }) => i.caseId);
    expect(ownIds).toContain(c.caseId);
    // Its own organisation's part only: the allocation, never the front door's summary.
    expect(own.body.items.every((i: { agency: string; allocation?: object; leadAgency?: string }) => i.agency === 'early_help' && i.allocation && i.leadAgency === undefined)).toBe(true);
    expect(await shownIn('eh-queue', 'queue.read')).toEqual([...ownIds].sort());

    // An empty queue is still a recorded read, naming no case.
    await call('GET', '/api/v1/queues/police_feedback_failed', { token: tokenFor('front_door_manager', 'front_door', { id: 'mgr-empty' }) });
    expect((await auditOf('mgr-empty')).map((e) => [e.action, e.caseId ?? null])).toEqual([['queue.read', null]]);
  });
});

// ---- The case list: filters over fixtures that differ --------------------------------

describe('the case list', () => {
  it('filters by incident type, rating and postcode district, and audits each case on the page', async () => {
    const since = new Date().toISOString();
    // Three fixtures that differ on each filter: a filter that ignores its parameter fails.
    const a = await received((n) => (n.incident.location.postcode = 'DN15 1AA')); // domestic abuse, amber
    const b = await received((n) => (n.incident.location.postcode = 'DN20 2BB'), 'police-notification-missing-child.json'); // missing child, red
    const g = await received((n) => {
      n.incident.location.postcode = 'DN20 3CC';
      n.riskGrading = 'standard';
      n.dash = { riskLevel: 'standard', score: 2 };
    }); // domestic abuse, green
    expect([a.rating, b.rating, g.rating]).toEqual(['amber', 'red', 'green']);
    expect([a.postcodeDistrict, b.postcodeDistrict, g.postcodeDistrict]).toEqual(['DN15', 'DN20', 'DN20']);

    const list = tokenFor('front_door_manager', 'front_door', { id: 'mgr-list' });
    const ids = async (query: string) => {
      const r = await call('GET', `/api/v1/cases?receivedFrom=${encodeURIComponent(since)}&pageSize=100&${query}`, { token: list });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.total).toBe(r.body.items.length);
      return r.body.items.map((i: { caseId: string }) => i.caseId).sort();
    };
    const sorted = (...cs: any[]) => cs.map((x) => x.caseId).sort();
    expect(await ids('')).toEqual(sorted(a, b, g));
    expect(await ids('incidentType=domestic_abuse')).toEqual(sorted(a, g));
    expect(await ids('incidentType=missing_child')).toEqual(sorted(b));
    expect(await ids('rating=amber')).toEqual(sorted(a));
    expect(await ids('rating=red')).toEqual(sorted(b));
    expect(await ids('rating=green')).toEqual(sorted(g));
    expect(await ids('postcodeDistrict=DN15')).toEqual(sorted(a));
    expect(await ids('postcodeDistrict=dn20')).toEqual(sorted(b, g));
    expect(await ids('incidentType=domestic_abuse&postcodeDistrict=DN20')).toEqual(sorted(g));
    expect(await ids('incidentType=online_harm')).toEqual([]);

    // Paged: the audit names exactly the cases on the page shown.
    const page = await call('GET', `/api/v1/cases?receivedFrom=${encodeURIComponent(since)}&pageSize=2&sort=receivedAt`, { token: list });
    expect(page.body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(page.body.items.map((i: { caseId: string }) => i.caseId)).toEqual([a.caseId, b.caseId]);
    const entries = (await auditOf('mgr-list')).filter((e) => e.action === 'case.list');
    expect(entries.filter((e) => e.requestId === entries[0].requestId).map((e) => e.caseId).sort()).toEqual(sorted(a, b));
  });
});

// ---- The setting ----------------------------------------------------------------------

describe('POLICE_VIEW_FIELDS', () => {
  const saved = process.env.POLICE_VIEW_FIELDS;
  afterEach(() => {
    if (saved === undefined) delete process.env.POLICE_VIEW_FIELDS;
    else process.env.POLICE_VIEW_FIELDS = saved;
  });

  it('defaults to the status and outcome fields, takes a list, and refuses an unknown field in one line', () => {
    delete process.env.POLICE_VIEW_FIELDS;
    expect(loadPolicy().policeViewFields).toEqual(['stage', 'receivedAt', 'outcome', 'decidedAt', 'leadAgency', 'closedAt']);
    process.env.POLICE_VIEW_FIELDS = ' outcome, levelOfNeed ,outcome';
    expect(loadPolicy().policeViewFields).toEqual(['outcome', 'levelOfNeed']);
    process.env.POLICE_VIEW_FIELDS = 'outcome,childNames';
    expect(() => loadPolicy()).toThrow(/^POLICE_VIEW_FIELDS: "childNames" is not a field the police view can show; choose from stage, receivedAt, rating, outcome, levelOfNeed, decidedAt, leadAgency, closedAt$/);
  });
});
