// Activities against the suite's FerretDB: each may run more than once, so each is
// checked for writing exactly once; and intake's matching of people and flags.
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities, type Activities } from '../../activities/index.js';
import { loadPolicy } from '../../shared/config.js';
import type { Models } from '../../shared/db/models.js';
import { caseIdFor } from '../../shared/ids.js';
import { policeNotificationSchema } from '../../shared/schemas/notification.js';
import type { CaseStatus } from '../../shared/case/state.js';
import { freshNotification } from '../support/fixtures.js';
import { testDatabase } from '../support/stack.js';

let models: Models;
let acts: Activities;
let close: () => Promise<void>;

beforeAll(async () => {
  const db = await testDatabase('activities');
  models = db.models;
  close = () => db.conn.close();
  acts = createActivities({ models, policy: loadPolicy() });
});
afterAll(async () => close?.());

function notification(changes: (n: any) => void = () => {}) {
  const n = policeNotificationSchema.parse(freshNotification(changes));
  return { n, caseId: caseIdFor(n.force.code, n.policeReference) };
}

describe('intakeContact', () => {
  it('is idempotent: run twice, one notification, one contact, one person per child', async () => {
    const { n, caseId } = notification((x) => (x.children[0].givenName = `Idem${Date.now()}`));
    const receivedAt = '2026-11-23T09:30:00.000Z'; // Monday
    const first = await acts.intakeContact({ caseId, receivedAt, notification: n });
    const again = await acts.intakeContact({ caseId, receivedAt, notification: n });
    expect(again).toEqual(first);
    expect(await models.Notification.countDocuments({ _id: caseId })).toBe(1);
    expect(await models.Contact.countDocuments({ _id: caseId })).toBe(1);
    expect(await models.Person.countDocuments({ _id: { $in: first.childPersonIds } })).toBe(2);
    // DASH medium, police medium: amber, due one working day on; meeting at 10:00 that day.
    expect(first).toMatchObject({ rating: 'amber', decisionDueAt: '2026-11-24T09:30:00.000Z' });
    expect(first.meeting).toEqual({ date: '2026-11-23', startsAt: '2026-11-23T10:00:00.000Z', immediate: false });
    expect((await models.Contact.findById(caseId).lean())).toMatchObject({ source: '6', kind: 'notification', postcodeDistrict: 'DN15' });
  });

  it('rates by the DASH level where it is higher than the police grading', async () => {
    const { n, caseId } = notification((x) => {
      x.riskGrading = 'standard';
      x.dash = { riskLevel: 'high', score: 16 };
    });
    const r = await acts.intakeContact({ caseId, receivedAt: '2026-11-23T09:30:00.000Z', notification: n });
    expect(r.rating).toBe('red');
    expect(r.ratingReason).toBe('initial rating from DASH risk level high');
    expect(r.meeting.immediate).toBe(true);
    expect(r.partnerInformation[0].dueAt).toBe('2026-11-23T10:30:00.000Z');
  });

  it('matches a child across contacts by normalised name and date of birth, and flags a re-contact', async () => {
    const given = `Match${Date.now()}`;
    const a = notification((x) => (x.children = [{ ...x.children[0], givenName: given }]));
    const b = notification((x) => (x.children = [{ ...x.children[0], givenName: ` ${given.toUpperCase()} `, familyName: 'TESTCASE' }]));
    const first = await acts.intakeContact({ caseId: a.caseId, receivedAt: '2026-03-02T10:00:00.000Z', notification: a.n });
    expect(first.recontact).toBe(false);
    const second = await acts.intakeContact({ caseId: b.caseId, receivedAt: '2026-11-23T10:00:00.000Z', notification: b.n });
    expect(second.childPersonIds).toEqual(first.childPersonIds);
    expect(second.recontact).toBe(true);
    expect(second.earlierContactIds).toEqual([a.caseId]);
    expect(second.repeatReferral).toBe(false);
  });

  it('does not count a contact more than 12 months earlier as a re-contact', async () => {
    const given = `Old${Date.now()}`;
    const a = notification((x) => (x.children = [{ ...x.children[0], givenName: given }]));
    const b = notification((x) => (x.children = [{ ...x.children[0], givenName: given }]));
    await acts.intakeContact({ caseId: a.caseId, receivedAt: '2025-06-01T10:00:00.000Z', notification: a.n });
    const later = await acts.intakeContact({ caseId: b.caseId, receivedAt: '2026-11-23T10:00:00.000Z', notification: b.n });
    expect(later.recontact).toBe(false);
  });

  it('matches by NHS number across a change of name, and flags a repeat referral', async () => {
    const nhs = String(Date.now()).slice(-10);
    const a = notification((x) => (x.children = [{ ...x.children[0], nhsNumber: nhs }]));
    const b = notification((x) => (x.children = [{ ...x.children[0], givenName: 'Renamed', familyName: 'Child', nhsNumber: nhs }]));
    const first = await acts.intakeContact({ caseId: a.caseId, receivedAt: '2026-10-01T10:00:00.000Z', notification: a.n });
    await acts.recordReferral({ caseId: a.caseId, outcome: 'social_care_assessment_s17', decisionVersion: 1, referredAt: '2026-10-02T10:00:00.000Z' });
    const second = await acts.intakeContact({ caseId: b.caseId, receivedAt: '2026-11-23T10:00:00.000Z', notification: b.n });
    expect(second.childPersonIds).toEqual(first.childPersonIds);
    expect(second.repeatReferral).toBe(true);
  });
});

describe('recordCaseEvent', () => {
  const status = (caseId: string, stage: CaseStatus['stage']): CaseStatus => ({
    caseId, stage, forceCode: 'HUM', policeReference: 'X', incidentType: 'domestic_abuse', receivedAt: '2026-11-23T10:00:00.000Z',
    ratingHistory: [], breached: false, escalations: [], partnerInformation: [], decisions: [], allocations: [], policeFeedback: { status: 'not_due' },
  });

  it('appends each event once, and never lets an older projection overwrite a newer one', async () => {
    const { n, caseId } = notification();
    await acts.intakeContact({ caseId, receivedAt: '2026-11-23T09:30:00.000Z', notification: n });
    const e = (type: string) => ({ type, at: '2026-11-23T10:00:00.000Z' });
    await acts.recordCaseEvent({ caseId, seq: 1, event: e('contact_received'), status: status(caseId, 'awaiting_decision') });
    await acts.recordCaseEvent({ caseId, seq: 2, event: e('decision_recorded'), status: status(caseId, 'awaiting_authorisation') });
    // A retry of event 1 arriving late.
    await acts.recordCaseEvent({ caseId, seq: 1, event: e('contact_received'), status: status(caseId, 'awaiting_decision') });
    expect(await models.Timeline.countDocuments({ caseId })).toBe(2);
    expect((await models.Contact.findById(caseId).lean())?.stage).toBe('awaiting_authorisation');
  });
});

describe('deliverPoliceFeedback', () => {
  it('records that no webhook is configured rather than failing', async () => {
    const env = new MockActivityEnvironment();
    const r: Awaited<ReturnType<Activities['deliverPoliceFeedback']>> = await env.run(acts.deliverPoliceFeedback, {
      caseId: 'C-TEST', forceCode: 'ZZZ', policeReference: 'R1', decisionVersion: 1, outcome: 'no_further_action' as const, levelOfNeed: 1, decidedAt: '2026-11-23T10:00:00.000Z',
    });
    expect(r.status).toBe('no_webhook_configured');
    expect(await models.PoliceFeedback.findById('C-TEST:v1').lean()).toMatchObject({ status: 'no_webhook_configured' });
  });
});
