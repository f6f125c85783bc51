// The daily PIT Stop meeting as a record, through the real stack: opened with its chair,
// the register taken by two panel members at once (every line lands), closed; bad input
// refused with the field and nothing written; the minutes (register, the cases on the
// agenda, the decisions made that day, the cases not reached) read by the panel, managers
// and auditors, refused to roles without the need to know, and every read and write audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate, zonedInstant } from '../../shared/working-time.js';
import { freshNotification, jointly } from '../support/fixtures.js';
import { alwaysOpen } from '../support/calendar.js';
import { eventually, http, startStack, testAuth, tokenFor, type TestStack } from '../support/stack.js';

let stack: TestStack;
let call: ReturnType<typeof http>;
const police = testAuth.policeApiKeys.HUM;
const panelA = tokenFor('panel_member', 'childrens_social_care', { id: 'panel-a', name: 'Panel Member A' });
const panelB = tokenFor('panel_member', 'health', { id: 'panel-b', name: 'Panel Member B' });
const manager = tokenFor('front_door_manager', 'front_door', { id: 'mgr-meet' });
const auditor = tokenFor('auditor', 'front_door', { id: 'aud-meet' });
const healthPractitioner = tokenFor('partner_practitioner', 'health', { id: 'hv-meet' });
const leadWorker = tokenFor('lead_agency_worker', 'education', { id: 'lead-meet' });

beforeAll(async () => {
  stack = await startStack('meetings', alwaysOpen());
  call = http(stack.baseUrl);
});
afterAll(async () => stack?.stop());

const chair = { name: 'Test Panel Chair', agency: 'childrens_social_care' };
/** A meeting's date and a start on it, both in the past: the office's local time. */
const at = (date: string, time: string) => new Date(zonedInstant(date, time, stack.policy.calendar.timeZone)).toISOString();
const records = (date: string) => stack.models.MeetingRecord.countDocuments({ date });
const paths = (r: { body: { errors?: { path: string }[] } }) => (r.body.errors ?? []).map((e) => e.path).sort();

async function auditOf(userId: string): Promise<any[]> {
  const r = await call('GET', `/api/v1/audit?userId=${encodeURIComponent(userId)}&pageSize=200`, { token: auditor });
  expect(r.status).toBe(200);
  return r.body.items;
}

describe('the register', () => {
  const date = '2026-11-20';

  it('keeps every attendee two panel members add at the same moment, and each person once', async () => {
    const opened = await call('POST', `/api/v1/meetings/${date}/open`, { token: panelA, body: { chair, startedAt: at(date, '10:02') } });
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);
    expect(opened.body).toMatchObject({ date, status: 'open', chair, startedAt: at(date, '10:02'), register: [{ ...chair, chair: true }] });

    const agencies = ['health', 'education', 'police', 'early_help', 'housing', 'youth_justice'];
    const people = Array.from({ length: 16 }, (_, i) => ({ name: `Test Attendee ${String.fromCharCode(65 + i)}`, agency: agencies[i % agencies.length] }));
    // Two panel members, each sending one line at a time, all at once; a few lines twice.
    const sends = [...people, people[0], people[5], { name: 'test attendee c', agency: people[2].agency }].map((p, i) =>
      call('POST', `/api/v1/meetings/${date}/register`, { token: i % 2 ? panelB : panelA, body: { attendees: [p] } }),
    );
    const answers = await Promise.all(sends);
    expect(answers.map((a) => a.status)).toEqual(sends.map(() => 200));

    const minutes = await call('GET', `/api/v1/meetings/${date}`, { token: panelA });
    expect(minutes.status).toBe(200);
    // 'test attendee c' is the same person as 'Test Attendee C': whichever of the two
    // arrived first is kept, so names are compared without their letter case.
    const names = minutes.body.register.map((a: { name: string }) => a.name.toLowerCase()).sort();
    expect(names).toEqual([chair.name, ...people.map((p) => p.name)].map((n) => n.toLowerCase()).sort());
    expect(minutes.body.register.filter((a: { chair: boolean }) => a.chair)).toEqual([expect.objectContaining(chair)]);
    expect(minutes.body.agencies).toEqual(['childrens_social_care', 'early_help', 'health', 'education', 'police', 'youth_justice', 'housing']);
    expect(await records(date)).toBe(1 + 1 + people.length);
    // Who added each line is kept.
    const byB = minutes.body.register.filter((a: { addedBy: { name: string } }) => a.addedBy.name === 'Panel Member B');
    expect(byB.length).toBeGreaterThan(0);
  });

  it('refuses an attendee with an unknown agency, a register before the meeting opens or after it closes, and writes nothing', async () => {
    const before = await records(date);
    const unknown = await call('POST', `/api/v1/meetings/${date}/register`, {
      token: panelA, body: { attendees: [{ name: 'Test Fire Officer', agency: 'fire_service' }, { name: '', agency: 'health' }] },
    });
    expect(unknown.status).toBe(400);
    expect(paths(unknown)).toEqual(['body.attendees.0.agency', 'body.attendees.1.name']);
    expect(await records(date)).toBe(before);

    const notOpened = '2026-11-18';
    const early = await call('POST', `/api/v1/meetings/${notOpened}/register`, { token: panelA, body: { attendees: [chair] } });
    expect(early.status).toBe(409);
    expect(paths(early)).toEqual(['params.date']);
    expect(await records(notOpened)).toBe(0);
  });
});

describe('opening and closing', () => {
  const date = '2026-11-19';

  it('refuses what cannot be true, with the field, and writes nothing', async () => {
    const neverOpened = await call('POST', `/api/v1/meetings/${date}/close`, { token: manager, body: { endedAt: at(date, '11:00') } });
    expect(neverOpened.status).toBe(409);
    expect(neverOpened.body.type).toBe('urn:pitstop:problem:conflict');
    expect(paths(neverOpened)).toEqual(['params.date']);

    const notADate = await call('POST', '/api/v1/meetings/2026-02-30/open', { token: panelA, body: { chair } });
    expect(notADate.status).toBe(400);
    expect(paths(notADate)).toEqual(['params.date']);
    expect((await call('GET', '/api/v1/meetings/20-11-2026', { token: panelA })).status).toBe(400);

    const badChair = await call('POST', `/api/v1/meetings/${date}/open`, { token: panelA, body: { chair: { name: 'X', agency: 'fire_service' } } });
    expect(badChair.status).toBe(400);
    expect(paths(badChair)).toEqual(['body.chair.agency']);

    const otherDay = await call('POST', `/api/v1/meetings/${date}/open`, { token: panelA, body: { chair, startedAt: at('2026-11-18', '10:00') } });
    expect(otherDay.status).toBe(422);
    expect(paths(otherDay)).toEqual(['body.startedAt']);

    const tz = stack.policy.calendar.timeZone;
    const tomorrow = localDate(Date.now() + 36 * 3600_000, tz);
    const future = await call('POST', `/api/v1/meetings/${tomorrow}/open`, { token: panelA, body: { chair, startedAt: at(tomorrow, '23:00') } });
    expect(future.status).toBe(422);
    expect(paths(future)).toEqual(['body.startedAt']);
    expect(await records(date)).toBe(0);
    expect(await records(tomorrow)).toBe(0);

    const opened = await call('POST', `/api/v1/meetings/${date}/open`, { token: panelA, body: { chair, startedAt: at(date, '10:00') } });
    expect(opened.status).toBe(200);
    const afterOpen = await records(date);
    const endsBefore = await call('POST', `/api/v1/meetings/${date}/close`, { token: panelA, body: { endedAt: at(date, '09:59') } });
    expect(endsBefore.status).toBe(422);
    expect(paths(endsBefore)).toEqual(['body.endedAt']);
    const secondChair = await call('POST', `/api/v1/meetings/${date}/open`, {
      token: panelB, body: { chair: { name: 'Another Chair', agency: 'health' }, startedAt: at(date, '10:05') },
    });
    expect(secondChair.status).toBe(409);
    expect(await records(date)).toBe(afterOpen);
  });

  it('answers a repeated opening or closing as it was, closes once, and keeps the register final', async () => {
    const again = await call('POST', `/api/v1/meetings/${date}/open`, { token: panelA, body: { chair, startedAt: at(date, '10:00') } });
    expect(again.status).toBe(200);
    const closed = await call('POST', `/api/v1/meetings/${date}/close`, { token: panelA, body: { endedAt: at(date, '11:40') } });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', startedAt: at(date, '10:00'), endedAt: at(date, '11:40'), closedBy: { name: 'Panel Member A' } });
    expect((await call('POST', `/api/v1/meetings/${date}/close`, { token: panelA, body: { endedAt: at(date, '11:40') } })).status).toBe(200);
    const before = await records(date);
    expect((await call('POST', `/api/v1/meetings/${date}/close`, { token: panelA, body: { endedAt: at(date, '12:00') } })).status).toBe(409);
    const late = await call('POST', `/api/v1/meetings/${date}/register`, { token: panelA, body: { attendees: [{ name: 'Test Late Arrival', agency: 'police' }] } });
    expect(late.status).toBe(409);
    expect(await records(date)).toBe(before);
  });
});

describe('the minutes', () => {
  let decided: any;
  let notReached: any;
  let date: string;
  let sent: any;

  /** A red contact (DASH high): triaged at once, on the agenda of the day it arrives (the front door open). */
  async function redCase() {
    const n = freshNotification((x) => (x.dash = { riskLevel: 'high', score: 18 }));
    const r = await call('POST', '/api/v1/notifications', { apiKey: police, body: n });
    expect(r.status).toBe(202);
    const c = await eventually(async () => {
      const got = await call('GET', `/api/v1/cases/${r.body.caseId}`, { token: manager });
      return got.body.stage === 'awaiting_decision' && got.body;
    }, 20_000, 'intake');
    return { c, n };
  }

  beforeAll(async () => {
    // Two red contacts on the same day's agenda (a pair received across midnight is sent again).
    for (let tries = 0; tries < 3 && (!decided || notReached.meeting.date !== decided.meeting.date); tries++) {
      const [first, second] = await Promise.all([redCase(), redCase()]);
      [decided, sent, notReached] = [first.c, first.n, second.c];
    }
    date = decided.meeting.date;
    expect(notReached.meeting.date).toBe(date);
    const opened = await call('POST', `/api/v1/meetings/${date}/open`, { token: panelA, body: { chair, startedAt: decided.meeting.startsAt } });
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);
    expect((await call('POST', `/api/v1/meetings/${date}/register`, { token: panelB, body: { attendees: jointly.attendees } })).status).toBe(200);
    const decision = await call('POST', `/api/v1/cases/${decided.caseId}/decision`, {
      token: panelA,
      body: {
        ...jointly, levelOfNeed: 4, outcome: 'strategy_discussion_s47', leadAgency: 'childrens_social_care',
        rationale: 'High-risk domestic abuse; reasonable cause to suspect significant harm: s47 strategy discussion.',
        partnerActions: [{ kind: 'refer_to_marac', agency: 'domestic_abuse_services' }],
      },
    });
    expect(decision.status, JSON.stringify(decision.body)).toBe(200);
  });

  it('name the children, the decision made and the case not reached, with the register', async () => {
    const r = await call('GET', `/api/v1/meetings/${date}`, { token: panelA });
    expect(r.status).toBe(200);
    const m = r.body;
    expect(m).toMatchObject({ date, status: 'open', chair, meetingTime: stack.policy.meetingTime });
    expect(m.register.map((a: { name: string }) => a.name).sort()).toEqual([chair.name, 'Test Officer'].sort());
    const item = m.items.find((i: { caseId: string }) => i.caseId === decided.caseId);
    const other = m.items.find((i: { caseId: string }) => i.caseId === notReached.caseId);
    expect(item.children).toEqual(sent.children.map((ch: any) => expect.objectContaining({ givenName: ch.givenName, familyName: ch.familyName })));
    expect(other).toMatchObject({ consideration: 'not_reached', decisions: [] });
    // The decision counts for this meeting when it was recorded on its date (local time).
    const recorded = (await call('GET', `/api/v1/cases/${decided.caseId}`, { token: manager })).body.decisions[0];
    if (localDate(Date.parse(recorded.recordedAt), stack.policy.calendar.timeZone) === date) {
      expect(item).toMatchObject({
        consideration: 'decided', rating: 'red', policeReference: sent.policeReference,
        decisions: [{ version: 1, status: 'proposed', outcome: 'strategy_discussion_s47', levelOfNeed: 4, leadAgency: 'childrens_social_care', proposedBy: 'childrens_social_care', rationale: recorded.rationale, recordedBy: { name: 'Panel Member A' } }],
      });
      expect(m.summary).toMatchObject({ decided: expect.any(Number), notReached: expect.any(Number) });
      expect(m.summary.decided).toBeGreaterThanOrEqual(1);
    } else {
      expect(item).toMatchObject({ consideration: 'not_reached', decisions: [] });
    }
    expect(m.summary.cases).toBe(m.items.length);
    expect(m.summary.decided + m.summary.decidedBeforeMeeting + m.summary.notReached).toBe(m.items.length);
  });

  it('show a case decided ahead of its meeting as decided before it, not as a decision of the meeting', async () => {
    // Amber: planned for the next meeting whose agenda is still open (usually a later day).
    const r = await call('POST', '/api/v1/notifications', { apiKey: police, body: freshNotification() });
    const amber = await eventually(async () => {
      const got = await call('GET', `/api/v1/cases/${r.body.caseId}`, { token: manager });
      return got.body.stage === 'awaiting_decision' && got.body;
    }, 20_000, 'intake');
    expect(amber.meeting.immediate).toBe(false);
    const early = await call('POST', `/api/v1/cases/${amber.caseId}/decision`, {
      token: panelA, body: { ...jointly, levelOfNeed: 1, outcome: 'no_further_action', factors: ['21'] },
    });
    expect(early.status, JSON.stringify(early.body)).toBe(200);
    const m = await call('GET', `/api/v1/meetings/${amber.meeting.date}`, { token: manager });
    expect(m.status).toBe(200);
    const item = m.body.items.find((i: { caseId: string }) => i.caseId === amber.caseId);
    // Before the agenda's cut-off on a working day the amber case is on today's meeting,
    // and a decision today is that meeting's own.
    if (amber.meeting.date === localDate(Date.now(), stack.policy.calendar.timeZone)) {
      expect(item).toMatchObject({ consideration: 'decided', decisions: [{ outcome: 'no_further_action' }] });
    } else {
      // A later day's meeting, not yet held: its minutes so far.
      expect(m.body.status).toBe('not_opened');
      expect(item).toMatchObject({ consideration: 'decided_before_meeting', decisions: [] });
      expect(m.body.summary.decidedBeforeMeeting).toBeGreaterThanOrEqual(1);
    }
  });

  it('are read by managers and auditors, refused to roles without the need to know, and every read and write is audited', async () => {
    expect((await call('GET', `/api/v1/meetings/${date}`, { token: manager })).status).toBe(200);
    expect((await call('GET', `/api/v1/meetings/${date}`, { token: auditor })).status).toBe(200);
    for (const token of [healthPractitioner, leadWorker]) {
      const refused = await call('GET', `/api/v1/meetings/${date}`, { token });
      expect(refused.status).toBe(403);
      expect(refused.headers.get('content-type')).toMatch(/problem\+json/);
    }
    // A police API key is no credential for the meeting (bearer tokens only, by the contract): 401.
    expect((await call('GET', `/api/v1/meetings/${date}`, { apiKey: police })).status).toBe(401);
    expect((await call('POST', `/api/v1/meetings/${date}/register`, { token: healthPractitioner, body: { attendees: [chair] } })).status).toBe(403);
    expect((await call('POST', `/api/v1/meetings/${date}/close`, { token: auditor, body: {} })).status).toBe(403);

    const refusedEntries = (await auditOf('hv-meet')).filter((e) => e.action === 'access.refused');
    expect(refusedEntries.map((e) => e.resource)).toEqual(
      expect.arrayContaining([`GET /api/v1/meetings/${date}`, `POST /api/v1/meetings/${date}/register`]),
    );
    // The minutes are a consultation of every case they name.
    const reads = (await auditOf('aud-meet')).filter((e) => e.action === 'meeting.read' && e.resource === `GET /api/v1/meetings/${date}`);
    expect(reads.map((e) => e.caseId)).toEqual(expect.arrayContaining([decided.caseId, notReached.caseId]));
    const writes = (await auditOf('panel-b')).filter((e) => e.action === 'meeting.register.add');
    expect(writes.map((e) => e.resource)).toContain(`POST /api/v1/meetings/${date}/register`);
    const opens = (await auditOf('panel-a')).filter((e) => e.action === 'meeting.open');
    expect(opens.map((e) => e.resource)).toContain(`POST /api/v1/meetings/${date}/open`);

    const closed = await call('POST', `/api/v1/meetings/${date}/close`, { token: manager, body: {} });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body.status).toBe('closed');
    expect((await auditOf('mgr-meet')).map((e) => e.action)).toContain('meeting.close');
  });
});
