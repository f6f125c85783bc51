// One register: a joint decision's attendees come from the meeting record (taken once, used
// by every decision that day). Over HTTP on the real stack: a decision naming today's meeting
// takes its register as its attendees; an attendee not on the register is refused at its
// field (422) and nothing is recorded; a meeting not opened is refused at `meetingDate`; a
// decision outside any meeting (none opened that day) keeps the attendees it names, marked
// as decided outside the meeting (distinct people, two agencies at least), in the minutes too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../../shared/working-time.js';
import { alwaysOpen } from '../support/calendar.js';
import { freshNotification } from '../support/fixtures.js';
import { pagesSignedIn } from '../support/pages.js';
import { eventually, http, startStack, testAuth, tokenFor, type TestStack } from '../support/stack.js';

let stack: TestStack;
let call: ReturnType<typeof http>;
/** The case decided outside the meeting (the first test), found again in the day's minutes. */
let outsideCaseId = '';
const manager = tokenFor('front_door_manager', 'front_door');
const panel = tokenFor('panel_member', 'childrens_social_care', { id: 'panel-reg', name: 'Test Panel Chair' });

beforeAll(async () => {
  stack = await startStack('decision-register', alwaysOpen());
  call = http(stack.baseUrl);
});
afterAll(async () => stack?.stop());

async function awaitingDecision() {
  const r = await call('POST', '/api/v1/notifications', { apiKey: testAuth.policeApiKeys.HUM, body: freshNotification((n) => (n.riskGrading = 'high')) });
  const caseId = r.body.caseId as string;
  await eventually(async () => {
    const got = await call('GET', `/api/v1/cases/${caseId}`, { token: manager });
    return got.body?.stage === 'awaiting_decision' || undefined;
  }, 20_000, 'intake');
  return caseId;
}

const decision = {
  levelOfNeed: 3, outcome: 'social_care_assessment_s17', leadAgency: 'childrens_social_care',
  rationale: 'Significant concerns about the children at home: an assessment under s17.', factors: ['3B'], proposedBy: 'childrens_social_care',
};
const chair = { name: 'Test Panel Chair', agency: 'childrens_social_care' };
const officer = { name: 'Test Officer', agency: 'police' };
const paths = (r: { body: { errors?: { path: string }[] } }) => (r.body.errors ?? []).map((e) => e.path);

describe('a decision and the meeting register', () => {
  it('keeps the attendees a decision names when no meeting is opened that day (a decision outside the meeting)', async () => {
    const caseId = await awaitingDecision();
    const today = localDate(Date.now(), stack.policy.calendar.timeZone);
    const notOpened = await call('POST', `/api/v1/cases/${caseId}/decision`, { token: panel, body: { ...decision, meetingDate: today } });
    expect(notOpened.status).toBe(422);
    expect(paths(notOpened)).toEqual(['body.meetingDate']);
    const neither = await call('POST', `/api/v1/cases/${caseId}/decision`, { token: panel, body: decision });
    expect(neither.status).toBe(400);
    expect(paths(neither)).toEqual(['body.attendees']);
    // Outside the meeting: distinct people (one person typed for a second agency is refused at
    // that attendee), from at least two agencies, whatever the local minimum.
    const onePersonTwice = await call('POST', `/api/v1/cases/${caseId}/decision`, { token: panel, body: { ...decision, attendees: [chair, { name: 'test  panel chair', agency: 'police' }] } });
    expect(onePersonTwice.status).toBe(422);
    expect(paths(onePersonTwice)).toEqual(['body.attendees.1']);
    const oneAgency = await call('POST', `/api/v1/cases/${caseId}/decision`, { token: panel, body: { ...decision, attendees: [chair, { name: 'Test Social Worker', agency: 'childrens_social_care' }] } });
    expect(oneAgency.status).toBe(422);
    expect(paths(oneAgency)).toEqual(['body.attendees']);
    // Set by the engine, never by the caller: a request saying otherwise is not heard.
    const outside = await call('POST', `/api/v1/cases/${caseId}/decision`, { token: panel, body: { ...decision, attendees: [chair, officer], outsideMeeting: false } });
    expect(outside.status, JSON.stringify(outside.body)).toBe(200);
    const [recorded] = (await call('GET', `/api/v1/cases/${caseId}`, { token: manager })).body.decisions;
    expect(recorded).toMatchObject({ outsideMeeting: true, attendees: [chair, officer] });
    expect(recorded.meetingDate).toBeUndefined();
    outsideCaseId = caseId;
    const mgr = await pagesSignedIn(stack.baseUrl, 'dev-front-door-manager');
    expect((await mgr.get(`/cases/${caseId}`)).html).toContain('Decided outside the meeting');
  });

  it("takes today's register as the attendees, and refuses an attendee not on it at its field", async () => {
    const today = localDate(Date.now(), stack.policy.calendar.timeZone);
    expect((await call('POST', `/api/v1/meetings/${today}/open`, { token: panel, body: { chair } })).status).toBe(200);
    expect((await call('POST', `/api/v1/meetings/${today}/register`, { token: panel, body: { attendees: [officer] } })).status).toBe(200);

    const caseId = await awaitingDecision();
    // One person typed for a second agency, and a stranger: neither is on the register.
    const strangers = await call('POST', `/api/v1/cases/${caseId}/decision`, {
      token: panel, body: { ...decision, attendees: [chair, { name: 'Test Panel Chair', agency: 'education' }, { name: 'Test Stranger', agency: 'health' }] },
    });
    expect(strangers.status).toBe(422);
    expect(paths(strangers)).toEqual(['body.attendees.1', 'body.attendees.2']);
    const yesterday = await call('POST', `/api/v1/cases/${caseId}/decision`, { token: panel, body: { ...decision, meetingDate: '2020-01-06' } });
    expect(yesterday.status).toBe(422);
    expect(paths(yesterday)).toEqual(['body.meetingDate']);
    expect((await call('GET', `/api/v1/cases/${caseId}`, { token: manager })).body.decisions).toEqual([]);

    const fromRegister = await call('POST', `/api/v1/cases/${caseId}/decision`, { token: panel, body: { ...decision, meetingDate: today } });
    expect(fromRegister.status, JSON.stringify(fromRegister.body)).toBe(200);
    const [recorded] = (await call('GET', `/api/v1/cases/${caseId}`, { token: manager })).body.decisions;
    expect(recorded.attendees).toEqual([chair, officer]);

    // An amendment the panel decided takes today's register the same way.
    expect((await call('POST', `/api/v1/cases/${caseId}/authorisation`, { token: manager, body: { action: 'authorise' } })).status).toBe(200);
    const secondManager = tokenFor('front_door_manager', 'front_door', { id: 'mgr-reg-2' });
    const amendment = { reason: 'The panel met again on this case today.', decidedBy: 'panel', decision: { ...decision, levelOfNeed: 4, outcome: 'strategy_discussion_s47' } };
    const stranger = await call('POST', `/api/v1/cases/${caseId}/amendments`, { token: secondManager, body: { ...amendment, decision: { ...amendment.decision, attendees: [{ name: 'Test Stranger', agency: 'health' }] } } });
    expect(stranger.status).toBe(422);
    expect(paths(stranger)).toEqual(['body.decision.attendees.0']);
    const amended = await call('POST', `/api/v1/cases/${caseId}/amendments`, { token: secondManager, body: { ...amendment, decision: { ...amendment.decision, meetingDate: today } } });
    expect(amended.status, JSON.stringify(amended.body)).toBe(200);
    const latest = (await call('GET', `/api/v1/cases/${caseId}`, { token: manager })).body.decisions.at(-1);
    expect(latest).toMatchObject({ decidedBy: 'panel', attendees: [chair, officer], meetingDate: today });

    // Named attendees on the register (a subset: someone left before this case) are taken.
    const second = await awaitingDecision();
    const subset = await call('POST', `/api/v1/cases/${second}/decision`, { token: panel, body: { ...decision, attendees: [{ name: 'test panel chair', agency: 'childrens_social_care' }, officer] } });
    expect(subset.status, JSON.stringify(subset.body)).toBe(200);
    const [fromMeeting] = (await call('GET', `/api/v1/cases/${second}`, { token: manager })).body.decisions;
    expect(fromMeeting.outsideMeeting).toBeUndefined();

    // The day's minutes show the red case decided before the meeting opened as decided outside it.
    const minutes = (await call('GET', `/api/v1/meetings/${today}`, { token: manager })).body;
    const outsideItem = minutes.items.find((i: { caseId: string }) => i.caseId === outsideCaseId);
    expect(outsideItem.decisions).toMatchObject([{ outsideMeeting: true }]);
    expect(minutes.items.find((i: { caseId: string }) => i.caseId === caseId).decisions.every((d: { outsideMeeting?: boolean }) => !d.outsideMeeting)).toBe(true);
    const minutesPage = (await (await pagesSignedIn(stack.baseUrl, 'dev-front-door-manager')).get(`/pitstop/minutes?date=${today}`)).html;
    expect(minutesPage).toContain('Decided outside the meeting');
  });
});
