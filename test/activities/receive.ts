// A police notification's intake as the case workflow runs it: `receiveContact`, which also
// writes the case's first step (its projection with seq 1), so a test's own steps follow from 2.
import type { Activities } from '../../activities/index.js';
import type { PoliceNotification } from '../../shared/schemas/notification.js';
import { receivedCase } from '../../workflows/case-record.js';

export function receive(acts: Activities, caseId: string, receivedAt: string, n: PoliceNotification) {
  const received = receivedCase({ caseId, forceCode: n.force.code, policeReference: n.policeReference, incidentType: n.incident.type, receivedAt, maracReferralRequired: false });
  return acts.receiveContact({ caseId, receivedAt, notification: n, received, seq: 1, at: receivedAt, workflowRunId: `run-${caseId}` });
}
