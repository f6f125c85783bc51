// Police systems submit notifications here. The 202 is sent only once Temporal has
// durably accepted the contact workflow; a resend or a police update answers 200 once the
// case's workflow has durably accepted it (README "Police updates").
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
    const received = await submitNotification(ctx, callerOf(req, res), notification);
    const body = presentNotificationReceipt(received);
    res.status(received.status).location(body.url).json(body);
  });
  return router;
}
