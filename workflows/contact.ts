// One workflow per contact: a police notification moving through intake, partnership
// triage at the PIT Stop, the joint decision, manager authorisation, allocation to the
// lead agency and closure. Human steps arrive as updates, validated before anything is
// written to history (so the API answers a rejected step at once, with the reason);
// deadlines are durable timers raced against the steps. The case object (case.ts) holds
// the state and the steps, given what is the police's own (police-source.ts); this file
// is the process, top to bottom.
import { setHandler, workflowInfo } from '@temporalio/workflow';
import type { CaseStatus, ContactWorkflowInput } from '../shared/case/state.js';
import { ContactCase } from './case.js';
import { watchDeadlines } from './deadlines.js';
import { notificationResentSignal, receiveNotificationUpdate } from './messages.js';
import { policeNotification } from './police-source.js';
import { handleCaseSteps } from './steps.js';
import { NotificationUpdates } from './update.js';

export async function contactWorkflow(input: ContactWorkflowInput): Promise<CaseStatus> {
  const c = new ContactCase(policeNotification(input));

  // Police updates: a resend or a new version of the notification (a handler adds no command).
  const updates = new NotificationUpdates(c, input);
  setHandler(notificationResentSignal, ({ receivedAt }) => updates.resent(receivedAt));
  setHandler(receiveNotificationUpdate, (m) => updates.receive(m), { validator: (m) => updates.validate(m) });
  // The status query and the steps every contact takes; validators refuse steps out of order.
  handleCaseSteps(c);

  // Intake: recorded, matched, rated, planned.
  await c.intake(workflowInfo().runId);

  // Deadlines watched while the panel, the manager and the lead agency act: the RAG
  // decision deadline, the statutory backstop and the partners' information, one timer
  // at a time, for the first of them.
  c.track(watchDeadlines(c));

  // Closure, once the outcome is settled and every step in flight is written.
  return c.closeWhenDone();
}
