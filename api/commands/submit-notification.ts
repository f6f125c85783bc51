// A police notification received: the contact workflow starts once, and the collection
// enters the audit trail. The same force + reference again is never dropped: the case's
// workflow tells a resend (the same content) from a police update (changed content, kept
// as the notification's next version); once the case has closed, an update opens a new
// contact that follows it (README "Police updates").
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { caseIdFor, recontactCaseIdFor, workflowIdFor } from '../../shared/ids.js';
import { canonicalContent, classifyNotification } from '../../shared/notification-versions.js';
import type { PoliceNotification } from '../../shared/schemas/notification.js';
import {
  CONTACT_WORKFLOW,
  receiveNotificationUpdate,
  STEP_OUT_OF_ORDER,
  type NotificationReceivedMessage,
  type NotificationReceivedResult,
} from '../../workflows/messages.js';
import type { Principal } from '../auth/roles.js';
import { audit, receiptOf, type Caller } from '../audit.js';
import type { ApiContext } from '../context.js';
import { startCaseOnce } from './start-case.js';
import { authorize } from '../policies.js';
import { knownVersions } from '../queries/notification-versions.js';
import type { ContactRecord } from '../queries/records.js';

export interface NotificationReceived {
  caseId: string;
  /** A resend: the content repeats `version`, already on record. */
  duplicate: boolean;
  /** A police update: changed content, recorded as `version` (on a contact that follows a closed case: its version 1). */
  updated: boolean;
  version: number;
  /** An update to a closed case opened this new contact, which follows that case. */
  recontactOf?: string;
  /** 202: a contact workflow durably started; 200: a resend or an update durably accepted by the running case. */
  status: 200 | 202;
  /** The running case's workflow records it in the audit trail (with what it writes of it). */
  audited?: boolean;
}

/** Answers only once Temporal has durably accepted the workflow, or the case's workflow the resend or update. */
export async function submitNotification(ctx: ApiContext, caller: Caller, notification: PoliceNotification): Promise<NotificationReceived> {
  authorize(caller.principal, 'notification.submit', { forceCode: notification.force.code });
  const caseId = caseIdFor(notification.force.code, notification.policeReference);
  const receivedAt = new Date().toISOString();
  // The database is the record of every notification ever received; Temporal forgets
  // closed workflows after its retention period, so it alone cannot spot a late resend.
  const known = await ctx.store.notificationExists(caseId);
  // A new contact's collection is audited by its own intake, from the workflow's input:
  // the 202 waits for Temporal alone, and the entry cannot be lost after it.
  if (!known && (await startCaseOnce(ctx, CONTACT_WORKFLOW, { caseId, receivedAt, notification, receipt: receiptOf(caller, 'notification.submit', 202) }))) {
    return { caseId, duplicate: false, updated: false, version: 1, status: 202 };
  }
  // A running case's workflow writes the resend's or the update's audit entry with what it
  // records of it (the receipt goes with the message).
  const { action: _decidedByTheCase, ...receipt } = receiptOf(caller, 'notification.update', 200);
  const answer = await receiveAgain(ctx, caller, caseId, { actor: actorOf(caller.principal), receipt, receivedAt, notification });
  // A contact opened by an update to a closed case was audited by its intake, as above;
  // a resend answered by a running case, by its workflow.
  if (answer.status === 202 || answer.audited) return answer;
  // A resend of a closed case changes nothing: the consultation of the record is audited here.
  await audit(ctx.store, caller, { action: 'notification.resend', caseId: answer.caseId, outcome: answer.status });
  return answer;
}

const actorOf = (p: Principal) => ({ id: p.id, name: p.name, role: p.role, agency: p.agency });


/**
 * The same notification again. It goes to the newest case about it: the first, or the
 * last contact opened by updates after it closed (a chain of `_id`s read in order). A
 * running case's workflow decides, in the order messages reach it, whether it is a resend
 * or the next version. A closed case is compared here with its versions on record: a
 * resend is answered as one; changed content opens the next contact in the chain, with
 * Temporal's one-start-per-id deciding between two updates arriving together (the second
 * becomes an update of the contact the first opened).
 */
async function receiveAgain(ctx: ApiContext, caller: Caller, firstCaseId: string, m: NotificationReceivedMessage): Promise<NotificationReceived> {
  let { caseId, k } = await newestCase(ctx, firstCaseId);
  for (;;) {
    const answer = await sendToCase(ctx, caseId, m);
    if (answer) return { ...answer, updated: !answer.duplicate, status: 200, audited: true };
    const contact = await ctx.store.readContact<ContactRecord>(caseId, { status: 1 });
    const verdict = classifyNotification(await knownVersions(ctx.store, caseId, contact), {
      content: canonicalContent(m.notification),
      sentAt: m.notification.sentAt,
    });
    if (verdict.kind === 'duplicate') return { caseId, duplicate: true, updated: false, version: verdict.of, status: 200 };
    const next = recontactCaseIdFor(firstCaseId, k + 1);
    const receipt = receiptOf(caller, 'notification.update', 202, `police update to closed case ${caseId}`);
    if (await startCaseOnce(ctx, CONTACT_WORKFLOW, { caseId: next, receivedAt: m.receivedAt, notification: m.notification, recontactOf: caseId, receipt })) {
      return { caseId: next, duplicate: false, updated: true, version: 1, recontactOf: caseId, status: 202 };
    }
    // Another update opened that contact a moment ago: this one goes to it.
    caseId = next;
    k += 1;
  }
}

async function newestCase(ctx: ApiContext, firstCaseId: string): Promise<{ caseId: string; k: number }> {
  let caseId = firstCaseId;
  for (let k = 0; ; k++) {
    const next = recontactCaseIdFor(firstCaseId, k + 1);
    if (!(await ctx.store.contactExists(next))) return { caseId, k };
    caseId = next;
  }
}

/** The case's answer, or undefined when its workflow has closed (or is long gone). */
async function sendToCase(ctx: ApiContext, caseId: string, m: NotificationReceivedMessage): Promise<NotificationReceivedResult | undefined> {
  const handle = ctx.temporal.workflow.getHandle(workflowIdFor(caseId));
  try {
    // Bounded like a human step: with no worker the update would wait for ever; past the
    // deadline the force gets 503 and sends again, which is safe (a resend is recognised).
    return await ctx.temporal.connection.withDeadline(Date.now() + (ctx.stepTimeoutMs ?? 30_000), () =>
      handle.executeUpdate(receiveNotificationUpdate, { args: [m] }),
    );
  } catch (err) {
    if (err instanceof WorkflowNotFoundError || (err as { code?: number })?.code === 5 /* NOT_FOUND: completed */) return undefined;
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && err.cause.type === STEP_OUT_OF_ORDER) return undefined;
    throw err;
  }
}
