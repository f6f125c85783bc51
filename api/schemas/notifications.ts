// What a police system is told when it submits a notification.
import { z } from '../../shared/schemas/zod.js';
import { caseId } from './common.js';

const receipt = <D extends boolean>(duplicate: D) => z.object({ caseId, url: z.string(), duplicate: z.literal(duplicate) });

/** 202: the contact workflow is durably started. */
export const NotificationAccepted = receipt(false).openapi('NotificationAccepted');
/** 200: a resend of a notification already received; nothing new is started. */
export const NotificationResent = receipt(true).openapi('NotificationResent');
export type NotificationReceipt = z.output<typeof NotificationAccepted> | z.output<typeof NotificationResent>;
