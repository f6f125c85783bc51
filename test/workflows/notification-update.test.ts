// Police updates on a running case, on the time-skipping server with the real activities:
// a resend stays a resend, changed content becomes the next version (two at once both
// kept, in order, even while intake is still running), new people are matched, and a
// raised risk re-rates the case while a lowered one never lowers it.
import type { WorkflowHandle } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policeNotificationSchema } from '../../shared/schemas/notification.js';
import { readPersonHistory } from '../../shared/db/person-history.js';
import type { contactWorkflow } from '../../workflows/contact.js';
import { authoriseDecisionUpdate, receiveNotificationUpdate, recordDecisionUpdate, respondToAllocationUpdate } from '../../workflows/messages.js';
import { freshNotification } from '../support/fixtures.js';
import { eventually } from '../support/stack.js';
import { actors, panelDecision, recordHistory, untilStatus, workflowHarness, type WorkflowHarness } from '../support/workflow-env.js';

let h: WorkflowHarness;
beforeAll(async () => {
  h = await workflowHarness('updates');
});
afterAll(async () => h?.teardown());

const police = { id: 'police-HUM', name: 'Humberside Police', role: 'police_system', agency: 'police' };
const newChild = { givenName: 'Mia', familyName: 'Testcase', dateOfBirth: '2025-02-01', presentAtIncident: false, residentAtAddress: true };

async function send(handle: WorkflowHandle<typeof contactWorkflow>, raw: unknown) {
  const receivedAt = new Date(await h.env.currentTimeMs()).toISOString();
  return handle.executeUpdate(receiveNotificationUpdate, { args: [{ actor: police, receivedAt, notification: policeNotificationSchema.parse(raw) }] });
}

const timeline = (caseId: string, type: string) => h.models.Timeline.find({ caseId, type }).sort({ seq: 1 }).lean();

describe('police updates on a running case', () => {
  it('records changed content as version 2, matches the new child and re-rates a raised DASH level with the reason', () =>
    h.withWorker(async () => {
      const first = freshNotification((n) => (n.children[0].givenName = `Ava${Date.now()}`));
      const handle = await h.startContact(first);
      const s = await untilStatus(handle, (s) => s.stage === 'awaiting_decision');
      expect(s.rating).toBe('amber');
      expect(s.meeting?.immediate).toBe(false);

      // The same content sent again later is a resend, not a version.
      expect(await send(handle, { ...first, sentAt: '2026-11-20T09:00:00Z' })).toEqual({ caseId: s.caseId, duplicate: true, version: 1 });

      const updated = structuredClone(first);
      updated.sentAt = '2026-11-20T11:00:00Z';
      updated.children.push(newChild);
      updated.dash = { riskLevel: 'high', score: 16 };
      expect(await send(handle, updated)).toEqual({ caseId: s.caseId, duplicate: false, version: 2 });
      // Resent once more: a resend of version 2.
      expect(await send(handle, { ...updated, sentAt: '2026-11-20T11:05:00Z' })).toEqual({ caseId: s.caseId, duplicate: true, version: 2 });

      // Re-rated (and re-planned) before the update's own event is written.
      await eventually(async () => (await timeline(s.caseId, 'notification_updated')).length === 1, 10_000, 'update written');
      const after = await untilStatus(handle, () => true);
      expect(after.notificationVersion).toBe(2);
      expect(after.ratingHistory.at(-1)).toMatchObject({ rating: 'red', reason: 'police update, version 2: DASH risk level raised: medium → high', by: police });
      expect(after.meeting?.immediate).toBe(true);
      expect(Date.parse(after.decisionDueAt!)).toBeLessThan(Date.parse(s.decisionDueAt!));
      expect(after.maracReferralRequired).toBe(true);
      expect(after.notificationUpdates).toEqual([
        expect.objectContaining({ version: 2, sentAt: '2026-11-20T11:00:00Z', summary: expect.arrayContaining(['child added: Mia Testcase (born 2025-02-01)']) }),
      ]);
      expect(after.childPersonIds).toHaveLength(3);

      const [event] = await eventually(async () => {
        const e = await timeline(s.caseId, 'notification_updated');
        return e.length === 1 && e;
      }, 10_000, 'update on the timeline');
      expect(event.actor).toMatchObject(police);
      expect(event.details).toMatchObject({
        version: 2,
        differences: { children: { added: [{ givenName: 'Mia' }], removed: [] }, dashRiskLevel: { from: 'medium', to: 'high' } },
        rating: { from: 'amber', to: 'red' },
      });
      expect(event.reason).toContain('DASH risk level raised: medium → high');
      await eventually(async () => (await timeline(s.caseId, 'notification_resent')).length === 2, 10_000, 'resends recorded');
      // The version is kept as it came; the new child is matched and their history lists the case.
      const v2 = await h.models.NotificationVersion.findById(`${s.caseId}:v2`).lean();
      expect(v2).toMatchObject({ caseId: s.caseId, version: 2, payload: { dash: { riskLevel: 'high' } } });
      const mia = after.childPersonIds!.find((id) => !s.earlierContactIds!.includes(id) && id !== after.childPersonIds![0] && id !== after.childPersonIds![1])!;
      expect((await readPersonHistory(h.models, mia)).contacts.has(s.caseId)).toBe(true);
      await eventually(async () => (await h.models.Contact.findById(s.caseId).lean())?.childPersonIds?.length === 3, 10_000, 'children projected');

      // The case goes on to its decision (MARAC now required) and closes.
      await handle.executeUpdate(recordDecisionUpdate, {
        args: [{
          actor: actors.panel,
          decision: panelDecision({ outcome: 'no_further_action', leadAgency: undefined, levelOfNeed: 1, partnerActions: [{ kind: 'refer_to_marac', agency: 'police' }] }),
        }],
      });
      await handle.executeUpdate(authoriseDecisionUpdate, { args: [{ actor: actors.manager, authorisation: { action: 'authorise' } }] });
      expect(await handle.result()).toMatchObject({ stage: 'closed', notificationVersion: 2, rating: 'red' });
      await recordHistory(handle, 'update-raises-risk');
    }));

  it('keeps two updates sent at once during intake, in order, and never lowers the rating for a lowered risk', () =>
    h.withWorker(async () => {
      const first = freshNotification();
      const handle = await h.startContact(first);
      const withChild = structuredClone(first);
      withChild.sentAt = '2026-11-20T10:00:00Z';
      withChild.children.push(newChild);
      const lowered = structuredClone(first);
      lowered.sentAt = '2026-11-20T10:01:00Z';
      lowered.riskGrading = 'standard';
      lowered.dash = { riskLevel: 'standard', score: 3 };
      // Sent before intake has finished, and at the same moment.
      const answers = await Promise.all([send(handle, withChild), send(handle, lowered)]);
      expect(answers.map((a) => a.version).sort()).toEqual([2, 3]);
      expect(answers.every((a) => !a.duplicate)).toBe(true);

      const s = await untilStatus(handle, (x) => x.notificationVersion === 3);
      const events = await eventually(async () => {
        const e = await timeline(s.caseId, 'notification_updated');
        return e.length === 2 && e;
      }, 10_000, 'both updates on the timeline');
      expect(events.map((e) => e.details?.version)).toEqual([2, 3]);
      expect(s.rating).toBe('amber');
      expect(s.ratingHistory).toHaveLength(1);
      const loweredEvent = events.find((e) => (e.details?.differences as any).riskGrading)!;
      expect(loweredEvent.details?.rating).toMatchObject({ calledFor: 'green', stays: 'amber' });
      expect(await h.models.NotificationVersion.countDocuments({ caseId: s.caseId })).toBe(2);
      // Each version is compared with the one before it, in the order they were numbered.
      const v3 = await h.models.NotificationVersion.findById(`${s.caseId}:v3`).lean();
      expect(v3?.payload).toEqual(answers[0].version === 3 ? expect.objectContaining({ children: expect.arrayContaining([expect.objectContaining({ givenName: 'Mia' })]) }) : expect.objectContaining({ riskGrading: 'standard' }));

      // After the decision is authorised a raised risk is on the timeline but does not re-rate.
      await handle.executeUpdate(recordDecisionUpdate, { args: [{ actor: actors.panel, decision: panelDecision() }] });
      await handle.executeUpdate(authoriseDecisionUpdate, { args: [{ actor: actors.manager, authorisation: { action: 'authorise' } }] });
      const raised = structuredClone(first);
      raised.sentAt = '2026-11-20T12:00:00Z';
      raised.riskGrading = 'high';
      expect(await send(handle, raised)).toMatchObject({ duplicate: false, version: 4 });
      const late = await eventually(async () => {
        const e = await timeline(s.caseId, 'notification_updated');
        return e.length === 3 && e[2];
      }, 10_000, 'the late update on the timeline');
      expect(late.details?.rating).toMatchObject({ calledFor: 'red', stays: 'amber' });
      expect((await untilStatus(handle, () => true)).rating).toBe('amber');
      await handle.executeUpdate(respondToAllocationUpdate, {
        args: [{ actor: actors.school, response: { response: 'accept', leadProfessional: { name: 'Test DSL' } } }],
      });
      expect(await handle.result()).toMatchObject({ stage: 'closed', notificationVersion: 4 });
      await recordHistory(handle, 'updates-at-once-during-intake');
    }));
});
