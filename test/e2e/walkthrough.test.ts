// End to end over HTTP through the real stack (Temporal dev server, FerretDB, worker,
// API): each example notification, exactly as a police system sends it, walked to closed.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eventually, http, startStack, testAuth, tokenFor, type TestStack } from '../support/stack.js';
import { normaliseName } from '../../shared/names.js';
import { example, jointly } from '../support/fixtures.js';
import { pagesSignedIn } from '../support/pages.js';

let stack: TestStack;
let call: ReturnType<typeof http>;
const police = testAuth.policeApiKeys.HUM;
const panel = tokenFor('panel_member', 'childrens_social_care', { name: 'Test Panel Chair' });
const manager = tokenFor('front_door_manager', 'front_door', { name: 'Test Manager' });

const logLines: string[] = [];

beforeAll(async () => {
  // Everything the API logs, and anything written to stderr, is kept to be checked.
  vi.spyOn(console, 'error').mockImplementation((...args) => void logLines.push(args.join(' ')));
  stack = await startStack('walkthrough', {}, { log: (line) => logLines.push(line) });
  call = http(stack.baseUrl);
});
afterAll(async () => stack?.stop());

async function stageOf(caseId: string) {
  const r = await call('GET', `/api/v1/cases/${caseId}`, { token: manager });
  return r.body?.stage as string | undefined;
}

describe('a police notification walked to a closed case', () => {
  it('domestic abuse (DASH medium): early help led by the school', async () => {
    const submitted = await call('POST', '/api/v1/notifications', { apiKey: police, body: example('police-notification.json') });
    expect(submitted.status).toBe(202);
    expect(submitted.body.caseId).toMatch(/^C-[0-9A-F]{20}$/);
    expect(submitted.headers.get('location')).toBe(submitted.body.url);
    const { caseId } = submitted.body;

    await eventually(async () => (await stageOf(caseId)) === 'awaiting_decision', 20_000, 'intake');
    const received = await call('GET', `/api/v1/cases/${caseId}`, { token: manager });
    expect(received.body).toMatchObject({ rating: 'amber', source: '6', incidentType: 'domestic_abuse', postcodeDistrict: 'DN15' });
    expect(received.body.notification.children).toHaveLength(2);

    const decided = await call('POST', `/api/v1/cases/${caseId}/decision`, {
      token: panel,
      body: {
        levelOfNeed: 2,
        outcome: 'early_help',
        leadAgency: 'education',
        earlyHelpConsent: { status: 'given', by: 'Mother' },
        rationale: 'Emerging needs; school well placed to lead early help with DA support.',
        factors: ['3B'],
        attendees: [{ name: 'Test Panel Chair', agency: 'childrens_social_care' }, { name: 'Test DSL', agency: 'education' }],
        proposedBy: 'education',
        partnerActions: [{ kind: 'notify_school', agency: 'education' }],
      },
    });
    expect(decided.status).toBe(200);
    expect(decided.body.stage).toBe('awaiting_authorisation');

    const authorised = await call('POST', `/api/v1/cases/${caseId}/authorisation`, { token: manager, body: { action: 'authorise' } });
    expect(authorised.status).toBe(200);
    expect(authorised.body.stage).toBe('awaiting_allocation');

    const school = tokenFor('lead_agency_worker', 'education', { name: 'Test School Lead' });
    // The school finds the allocation in its queue; social care does not see it there.
    const schoolQueue = await call('GET', '/api/v1/queues/awaiting_acceptance', { token: school });
    expect(schoolQueue.body.items.map((i: { caseId: string }) => i.caseId)).toEqual([caseId]);
    const socialCareQueue = await call('GET', '/api/v1/queues/awaiting_acceptance', { token: tokenFor('lead_agency_worker', 'childrens_social_care') });
    expect(socialCareQueue.body.items).toEqual([]);
    // Now allocated to the school, the school may read the case.
    expect((await call('GET', `/api/v1/cases/${caseId}`, { token: school })).status).toBe(200);
    const accepted = await call('POST', `/api/v1/cases/${caseId}/allocation`, {
      token: school,
      body: { response: 'accept', leadProfessional: { name: 'Test Lead Professional', team: 'Example Primary' } },
    });
    expect(accepted.status).toBe(200);

    await eventually(async () => (await stageOf(caseId)) === 'closed', 20_000, 'closure');
    const closed = await call('GET', `/api/v1/cases/${caseId}`, { token: manager });
    expect(closed.body).toMatchObject({ stage: 'closed', outcome: 'early_help', leadAgency: 'education' });
    const types: string[] = closed.body.history.map((e: { type: string }) => e.type);
    // Police feedback runs beside allocation, so only its presence is fixed.
    expect(types.filter((t) => !t.startsWith('police_feedback'))).toEqual([
      'contact_received',
      'decision_recorded',
      'decision_authorised',
      'allocation_requested',
      'allocation_accepted',
      'case_closed',
    ]);
    expect(types).toContain('police_feedback_no_webhook');
    expect(closed.body.history.find((e: { type: string }) => e.type === 'decision_recorded').actor).toMatchObject({
      name: 'Test Panel Chair',
      role: 'panel_member',
    });

    // The force sees its own notification's outcome, not what partners shared.
    const policeView = await call('GET', `/api/v1/cases/${caseId}`, { apiKey: police });
    expect(policeView.status).toBe(200);
    expect(policeView.body).toEqual(expect.objectContaining({ stage: 'closed', outcome: 'early_help' }));
    expect(policeView.body.history).toBeUndefined();
    expect(policeView.body.notification).toBeUndefined();

    // What Temporal stored of the case is encrypted: no child's name in its history.
    const history = await stack.temporal.workflow.getHandle(`contact-${caseId}`).fetchHistory();
    const stored: Buffer[] = [];
    const collect = (v: unknown): void => {
      if (v instanceof Uint8Array) stored.push(Buffer.from(v));
      else if (v && typeof v === 'object') Object.values(v).forEach(collect);
    };
    collect(history);
    expect(stored.length).toBeGreaterThan(5);
    expect(stored.some((b) => b.includes('Testcase') || b.includes('Example Row'))).toBe(false);

    // A decision on a closed case is out of order, and writes nothing.
    const eventsBefore = await stack.models.Timeline.countDocuments({ caseId });
    const late = await call('POST', `/api/v1/cases/${caseId}/decision`, {
      token: panel,
      body: { ...jointly, levelOfNeed: 1, outcome: 'no_further_action' },
    });
    expect(late.status).toBe(409);
    expect(late.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(await stack.models.Timeline.countDocuments({ caseId })).toBe(eventsBefore);
  });

  it('missing child (police grading high): red, strategy discussion, social care', async () => {
    const submitted = await call('POST', '/api/v1/notifications', { apiKey: police, body: example('police-notification-missing-child.json') });
    expect(submitted.status).toBe(202);
    const { caseId } = submitted.body;
    await eventually(async () => (await stageOf(caseId)) === 'awaiting_decision', 20_000, 'intake');
    const c = await call('GET', `/api/v1/cases/${caseId}`, { token: manager });
    expect(c.body.rating).toBe('red');
    expect(c.body.meeting.immediate).toBe(true);

    expect(
      (await call('POST', `/api/v1/cases/${caseId}/decision`, {
        token: panel,
        body: {
          levelOfNeed: 4,
          outcome: 'strategy_discussion_s47',
          rationale: 'Repeat missing episodes with indicators of exploitation.',
          factors: ['10A', '11A'],
          attendees: [{ name: 'Test Panel Chair', agency: 'childrens_social_care' }, { name: 'Test Officer', agency: 'police' }],
          proposedBy: 'police',
        },
      })).status,
    ).toBe(200);
    expect((await call('POST', `/api/v1/cases/${caseId}/authorisation`, { token: manager, body: { action: 'authorise' } })).status).toBe(200);
    const social = tokenFor('lead_agency_worker', 'childrens_social_care');
    expect(
      (await call('POST', `/api/v1/cases/${caseId}/allocation`, { token: social, body: { response: 'accept', leadProfessional: { name: 'Test Social Worker' } } })).status,
    ).toBe(200);
    // An s47 case stays open until social care records the strategy discussion held.
    await eventually(async () => (await stageOf(caseId)) === 'awaiting_strategy_discussion', 20_000, 'accepted');
    const school = tokenFor('lead_agency_worker', 'education');
    const heldAt = new Date().toISOString();
    const byOther = await call('POST', `/api/v1/cases/${caseId}/strategy-discussion`, { token: school, body: { heldAt, agencies: ['childrens_social_care', 'police'], outcome: 's47_enquiry' } });
    expect(byOther.status).toBe(403);
    const oneAgency = await call('POST', `/api/v1/cases/${caseId}/strategy-discussion`, { token: social, body: { heldAt, agencies: ['childrens_social_care'], outcome: 's47_enquiry' } });
    expect(oneAgency.status).toBe(400);
    expect(oneAgency.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.agencies']);
    const held = await call('POST', `/api/v1/cases/${caseId}/strategy-discussion`, {
      token: social,
      body: { heldAt, agencies: ['childrens_social_care', 'police', 'health'], outcome: 's47_enquiry' },
    });
    expect(held.status).toBe(200);
    // Changed with issue 20: an s47 enquiry no longer closes the case with the discussion; it
    // waits, watched, for the initial child protection conference to be recorded.
    expect(held.body.stage).toBe('awaiting_conference');
    await conferenceRecorded(caseId, social, school, heldAt);
    await eventually(async () => (await stageOf(caseId)) === 'closed', 20_000, 'closure');

    const closed = await call('GET', `/api/v1/cases/${caseId}`, { token: manager });
    expect(closed.body.decisions[0].strategyDiscussionDueAt).toBeDefined();
    expect(closed.body.conference).toMatchObject({ outcome: 'child_protection_plan', late: false, recordedBy: { agency: 'childrens_social_care' } });
    // The contact became a referral: a distinct record.
    const referral = await stack.models.Referral.findById(caseId).lean();
    expect(referral).toMatchObject({ outcome: 'strategy_discussion_s47', source: '6' });
  });
});

/**
 * The initial child protection conference through the API: on the managers' conferences-due
 * queue with its deadline, refused to anyone but social care (the organisation allocated) or
 * a manager, checked field by field (problem+json with the field), and recorded once.
 */
async function conferenceRecorded(caseId: string, social: string, school: string, discussedAt: string) {
  const queue = await call('GET', '/api/v1/queues/conferences_due', { token: manager });
  expect(queue.status).toBe(200);
  const item = queue.body.items.find((i: { caseId: string }) => i.caseId === caseId);
  expect(item).toMatchObject({ stage: 'awaiting_conference', nearestDeadline: { kind: 'conference' } });
  const c = await call('GET', `/api/v1/cases/${caseId}`, { token: manager });
  expect(item.nearestDeadline.dueAt).toBe(c.body.strategyDiscussion.conferenceDueAt);
  // Nobody else's queue: the lead agency opens only its awaiting-acceptance queue.
  expect((await call('GET', '/api/v1/queues/conferences_due', { token: social })).status).toBe(403);

  // The pages: the case shows the conference due with "Record" for a manager, the queue's tab
  // lists it, and the form (the steps table's) comes back with what is missing.
  const mgr = await pagesSignedIn(stack.baseUrl, 'dev-front-door-manager');
  const casePage = (await mgr.get(`/cases/${caseId}`)).html;
  expect(casePage).toContain('Child protection conference');
  expect(casePage).toContain(`/cases/${caseId}/conference`);
  const queuePage = (await mgr.get('/queues/conferences-due')).html;
  expect(queuePage).toContain('Conferences due');
  expect(queuePage).toContain(caseId);
  const form = await mgr.get(`/cases/${caseId}/conference`);
  expect(form.status).toBe(200);
  expect(form.html).toContain('Record the initial child protection conference');
  const incomplete = await mgr.post(`/cases/${caseId}/conference`, { lateReason: '' });
  expect(incomplete.status).toBe(400);
  expect(incomplete.html).toContain('Enter when the conference was held');

  const heldAt = new Date().toISOString();
  const body = { heldAt, outcome: 'child_protection_plan' };
  const path = `/api/v1/cases/${caseId}/conference`;
  // Who may record it: children's social care (allocated) and managers; not another lead agency, the panel or a partner.
  expect((await call('POST', path, { token: school, body })).status).toBe(403);
  expect((await call('POST', path, { token: panel, body })).status).toBe(403);
  expect((await call('POST', path, { token: tokenFor('partner_practitioner', 'health'), body })).status).toBe(403);
  const noOutcome = await call('POST', path, { token: social, body: { heldAt } });
  expect(noOutcome.status).toBe(400);
  expect(noOutcome.headers.get('content-type')).toMatch(/application\/problem\+json/);
  expect(noOutcome.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.outcome']);
  const beforeDiscussion = await call('POST', path, { token: social, body: { ...body, heldAt: new Date(Date.parse(discussedAt) - 3600_000).toISOString() } });
  expect(beforeDiscussion.status).toBe(422);
  expect(beforeDiscussion.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.heldAt']);

  const key = { 'idempotency-key': `conference-${caseId}` };
  const recorded = await call('POST', path, { token: social, body, headers: key });
  expect(recorded.status).toBe(200);
  expect(recorded.body.stage).toBe('closing');
  // Recorded once: the case is no longer at that step (or, its outcome long told, already closed).
  const twice = await call('POST', path, { token: manager, body });
  expect(twice.status).toBe(409);
  expect(await stack.models.Timeline.countDocuments({ caseId, type: 'conference_recorded' })).toBe(1);
  const held = (await mgr.get(`/cases/${caseId}`)).html;
  expect(held).toContain('child protection plan; recorded by');
  expect(held).not.toContain(`/cases/${caseId}/conference`);
}

describe('logs', () => {
  it('are structured (pino), carry request ids and routes, and nothing personal from the notifications or the steps', () => {
    expect(logLines.length).toBeGreaterThan(10);
    const lines = logLines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThan(10);
    expect(lines).toContainEqual(expect.objectContaining({ service: 'api', route: '/api/v1/notifications/', req: { id: expect.stringMatching(/^[0-9a-f-]{36}$/), method: 'POST' }, res: { statusCode: 202 } }));
    // A step (the decision) logged by its route pattern, never its case's path.
    expect(lines.some((l) => l.req?.method === 'POST' && /^\/api\/v1\/cases\/:\w+\/decision$/.test(l.route))).toBe(true);
    expect(logLines.join('\n')).not.toMatch(/C-[0-9A-F]{20}/);
    const personal = [
      ...['police-notification.json', 'police-notification-missing-child.json'].flatMap((f) => {
        const n = example(f);
        return [
          ...n.children.flatMap((c: any) => [c.givenName, c.familyName, c.dateOfBirth, c.school, c.nhsNumber, c.schoolUrn, c.gpPracticeCode]),
          ...n.adults.flatMap((a: any) => [a.givenName, a.familyName, a.dateOfBirth, a.nhsNumber]),
          // The keys people are matched on (a duplicate-key error quotes them): name and date of birth.
          ...[...n.children, ...n.adults].map((p: any) => `${normaliseName(p.givenName)}|${normaliseName(p.familyName)}`),
          n.policeReference,
          n.incident.location.postcode, n.incident.location.addressLine, n.officer.name, n.officer.email, n.officer.phone,
        ];
      }),
    ].filter(Boolean);
    const all = logLines.join('\n');
    for (const value of personal) expect(all, `log contains ${value}`).not.toContain(value);
  });
});
