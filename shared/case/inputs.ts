// What a contact starts with and what its steps hand over, described once beside the case
// (schema.ts): the workflows' inputs, a step's answer, a timeline entry and the audit receipt
// a request carries into the workflow. Types inferred in state.ts; the API re-uses them.
import { agencies } from '../codes.js';
import { policeNotificationSchema } from '../schemas/notification.js';
import { referralFormSchema } from '../schemas/referral.js';
import { z } from '../schemas/zod.js';
import { Actor, at } from './schema.js';
import { stages } from './stages.js';

const agency = z.enum(agencies);

/** One entry of a case's append-only timeline: what happened, who did it, when, and why. */
export const TimelineEventInput = z.object({
  type: z.string(),
  at,
  actor: Actor.optional(),
  reason: z.string().optional(),
  details: z.record(z.unknown()).optional(),
});

/** What a human step answers: the case and the stage it has moved to. */
export const StepResult = z.object({ caseId: z.string(), stage: z.enum(stages) });

/**
 * The audit entry of a request that changes a case, as the API saw it: handed to the
 * workflow with the change, and written by the same durable step that records it (the
 * intake of a contact, the timeline event of a step), keyed so a retry writes it once.
 */
export const AuditReceipt = z.object({
  action: z.string(),
  actor: z.object({ id: z.string(), name: z.string().optional(), role: z.string().optional(), agency: z.string().optional(), force: z.string().optional() }),
  resource: z.string(),
  requestId: z.string().optional(),
  reason: z.string().optional(),
  outcome: z.number(),
});

/** The audit entry of a notification's collection, as the API saw the request. */
export const NotificationReceipt = AuditReceipt.extend({ action: z.enum(['notification.submit', 'notification.update']) });

/** Every contact starts with its case id and when the front door accepted it: the clock for every deadline. */
const ContactStart = z.object({ caseId: z.string(), receivedAt: at });

export const ContactWorkflowInput = ContactStart.extend({
  notification: policeNotificationSchema,
  /**
   * A police update to a case that had already closed opens a new contact about the same
   * notification: the case it follows (shared/notification-versions.ts, README "Police updates").
   */
  recontactOf: z.string().optional(),
  /**
   * Who submitted it, for the audit trail's record of its collection: written by the
   * case's intake (so the 202 waits for no audit write, and a crash after the start
   * cannot lose the entry). Absent when a contact is started without the API (tests).
   */
  receipt: NotificationReceipt.optional(),
});

/** A contact from anyone but the police (a multi-agency referral form, a call): no grading, rated by the front door. */
export const PartnerContactWorkflowInput = ContactStart.extend({
  form: referralFormSchema,
  /** The partner agency the referrer acts for (from their credentials): told the outcome. None for the public or anonymous. */
  referrerAgency: agency.optional(),
  /** The referrer's organisation within that agency (from their credentials): its outbox holds the outcome. */
  referrerOrganisation: z.string().optional(),
  /** Who sent or took down the form. */
  submittedBy: Actor,
  /** The form's collection in the audit trail, written by the case's intake (as a notification's receipt). */
  receipt: AuditReceipt.optional(),
});
