// A referral records where its contact came from (the CIN census source: 6 police, 2A a
// school, ...), as the contact has it: the census counts referrals by source.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities, type Activities } from '../../activities/index.js';
import { loadPolicy } from '../../shared/config.js';
import type { Models } from '../../shared/db/models.js';
import { createStore } from '../../shared/db/store.js';
import { referralFormSchema } from '../../shared/schemas/referral.js';
import { receivedCase } from '../../workflows/case-record.js';
import { parsedNotification } from '../support/fixtures.js';
import { schoolReferral } from '../support/referrals.js';
import { testDatabase } from '../support/stack.js';

let models: Models;
let acts: Activities;
let close: () => Promise<void>;
beforeAll(async () => {
  const db = await testDatabase('referral-source');
  models = db.models;
  acts = createActivities({ store: createStore(models), policy: loadPolicy() });
  close = () => db.conn.close();
});
afterAll(async () => close?.());

const referredAt = '2026-11-24T10:00:00.000Z';

describe('recordReferral', () => {
  it("records a school's contact that became a referral as from a school (2A), not from the police", async () => {
    const caseId = `C-SRC-SCHOOL-${Date.now()}`;
    const form = referralFormSchema.parse(schoolReferral());
    const submittedBy = { id: 'dsl-1', name: 'Test DSL', role: 'partner_practitioner', agency: 'education' } as const;
    await acts.intakePartnerContact({ caseId, receivedAt: '2026-11-23T09:30:00.000Z', form, referrerAgency: 'education', submittedBy });
    await acts.recordReferral({ caseId, outcome: 'social_care_assessment_s17', decisionVersion: 1, referredAt });
    expect(await models.Referral.findById(caseId).lean()).toMatchObject({ source: '2A', status: 'active' });
  });

  it('records a police notification that became a referral as from the police (6)', async () => {
    const { n, caseId } = parsedNotification();
    const receivedAt = '2026-11-23T09:30:00.000Z';
    const received = receivedCase({ caseId, forceCode: n.force.code, policeReference: n.policeReference, incidentType: n.incident.type, receivedAt, maracReferralRequired: false });
    await acts.receiveContact({ caseId, receivedAt, notification: n, received, seq: 1, at: receivedAt, workflowRunId: 'run-1' });
    await acts.recordReferral({ caseId, outcome: 'strategy_discussion_s47', decisionVersion: 1, referredAt });
    expect(await models.Referral.findById(caseId).lean()).toMatchObject({ source: '6' });
  });
});
