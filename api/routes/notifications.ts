// Police systems submit notifications here. The 202 is sent only once Temporal has
// durably accepted the contact workflow; a resend of the same force + reference answers
// with the same case and starts nothing new.
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { Router } from 'express';
import { policeNotificationSchema } from '../../shared/schemas/notification.js';
import { caseIdFor, workflowIdFor } from '../../shared/ids.js';
import type { ContactWorkflowInput } from '../../shared/case/state.js';
import { CONTACT_WORKFLOW, notificationResentSignal } from '../../workflows/messages.js';
import { allow } from '../auth/middleware.js';
import { audit } from '../audit.js';
import type { ApiContext } from '../context.js';
import { authorize } from '../policies.js';
import { presentNotificationReceipt } from '../presenters/cases.js';
import { parse } from '../validate.js';

export function notificationRoutes(ctx: ApiContext): Router {
  const router = Router();

  router.post('/', allow('notification.submit'), async (req, res) => {
    const notification = parse(policeNotificationSchema, req.body);
    authorize(res.locals.principal!, 'notification.submit', { forceCode: notification.force.code });
    const caseId = caseIdFor(notification.force.code, notification.policeReference);
    const receivedAt = new Date().toISOString();

    const answerResend = async () => {
      try {
        await ctx.temporal.workflow.getHandle(workflowIdFor(caseId)).signal(notificationResentSignal, { receivedAt });
      } catch (signalErr) {
        // Closed cases take no signal; the resend is still answered with the case.
        if (!(signalErr instanceof WorkflowNotFoundError)) throw signalErr;
      }
      await audit(ctx.models, req, res, { action: 'notification.resend', caseId });
      const body = presentNotificationReceipt(caseId, true);
      res.status(200).location(body.url).json(body);
    };

    // The database is the record of every notification ever received; Temporal forgets
    // closed workflows after its retention period, so it alone cannot spot a late resend.
    if (await ctx.models.Notification.exists({ _id: caseId })) return answerResend();
    try {
      await ctx.temporal.connection.withDeadline(Date.now() + 15_000, () =>
        ctx.temporal.workflow.start<(input: ContactWorkflowInput) => Promise<unknown>>(CONTACT_WORKFLOW, {
          workflowId: workflowIdFor(caseId),
          taskQueue: ctx.taskQueue,
          args: [{ caseId, receivedAt, notification }],
          // Two first submissions at the same moment: Temporal starts exactly one.
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        }),
      );
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return answerResend();
      throw err;
    }
    await audit(ctx.models, req, res, { action: 'notification.submit', caseId, outcome: 202 });
    const body = presentNotificationReceipt(caseId, false);
    res.status(202).location(body.url).json(body);
  });

  return router;
}
