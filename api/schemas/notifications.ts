// What a police system is told when it submits a notification (README "Police updates").
import { z } from '../../shared/schemas/zod.js';
import { caseId } from './common.js';

const url = z.string();
const version = z.number().int().min(1).openapi({ description: 'the version of the notification this content is (or repeats) on the case' });

/** 202: a contact workflow is durably started: a new notification, or an update to a closed case opening a new contact. */
export const NotificationAccepted = z
  .object({
    caseId,
    url,
    duplicate: z.literal(false),
    /** True when an update to a case that had closed opened this new contact. */
    updated: z.boolean(),
    version,
    /** The closed case this new contact follows. */
    recontactOf: caseId.optional(),
  })
  .openapi('NotificationAccepted');
/** 200: changed content recorded as the next version of the notification on the running case. */
export const NotificationUpdated = z
  .object({ caseId, url, duplicate: z.literal(false), updated: z.literal(true), version })
  .openapi('NotificationUpdated');
/** 200: a resend of content already on record; nothing new is started or recorded as a version. */
export const NotificationResent = z
  .object({ caseId, url, duplicate: z.literal(true), updated: z.literal(false), version })
  .openapi('NotificationResent');
export type NotificationReceipt =
  | z.output<typeof NotificationAccepted>
  | z.output<typeof NotificationUpdated>
  | z.output<typeof NotificationResent>;
