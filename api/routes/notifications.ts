// Police systems submit notifications here. The 202 is sent only once Temporal has
// durably accepted the contact workflow; a resend answers 200 with the same case.
import { Router } from 'express';
import { policeNotificationSchema } from '../../shared/schemas/notification.js';
import { allow } from '../auth/middleware.js';
import { callerOf } from '../audit.js';
import { submitNotification } from '../commands/submit-notification.js';
import type { ApiContext } from '../context.js';
import { presentNotificationReceipt } from '../presenters/cases.js';
import { parse } from '../validate.js';

export function notificationRoutes(ctx: ApiContext): Router {
  const router = Router();
  router.post('/', allow('notification.submit'), async (req, res) => {
    const notification = parse(policeNotificationSchema, req.body);
    const { caseId, duplicate } = await submitNotification(ctx, callerOf(req, res), notification);
    const body = presentNotificationReceipt(caseId, duplicate);
    res.status(duplicate ? 200 : 202).location(body.url).json(body);
  });
  return router;
}
