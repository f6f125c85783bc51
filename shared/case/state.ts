// The case as the engine knows it: a contact moving from receipt through partnership
// triage, the joint decision, manager authorisation and allocation to closure. These
// types are shared by the workflow (which owns the state), the activities (which
// project it to MongoDB) and the API (which presents it); none of them owns the words.
// Each is inferred from its schema in schema.ts, the one description of the case (the
// API's records are the same schemas), and imported as a type alone: the workflow's
// bundle carries no schema.
import type { z } from '../schemas/zod.js';
import type * as inputs from './inputs.js';
import type * as schema from './schema.js';

export { escalationKinds, stages, type Stage } from './stages.js';

/** Who did a step: from the caller's credentials, never from the request body. */
export type Actor = z.output<typeof schema.Actor>;
export type ContactWorkflowInput = z.output<typeof inputs.ContactWorkflowInput>;
/** The audit entry of a request that changes a case, written by the durable step that makes the change. */
export type AuditReceipt = z.output<typeof inputs.AuditReceipt>;
/** The audit entry of a notification's collection, as the API saw the request. */
export type NotificationReceipt = z.output<typeof inputs.NotificationReceipt>;
/** A contact from anyone but the police (a multi-agency referral form, a call): no grading, rated by the front door. */
export type PartnerContactWorkflowInput = z.output<typeof inputs.PartnerContactWorkflowInput>;
export type MeetingSlot = z.output<typeof schema.MeetingSlot>;
export type PartnerInformationRequest = z.output<typeof schema.PartnerInformationRequest>;
export type DecisionRecord = z.output<typeof schema.DecisionRecord>;
export type AllocationRecord = z.output<typeof schema.AllocationRecord>;
export type Escalation = z.output<typeof schema.Escalation>;
export type PoliceFeedbackState = z.output<typeof schema.PoliceFeedbackState>;
/** A strategy discussion (s47) held by the lead agency, with the agencies that took part. */
export type StrategyDiscussionRecord = z.output<typeof schema.StrategyDiscussionRecord>;
/** s47 enquiry: the initial child protection conference recorded held. */
export type ConferenceRecord = z.output<typeof schema.ConferenceRecord>;
export type RatingChange = z.output<typeof schema.RatingChange>;
/** The outcome told to a professional referrer: their agency's outbox, and its webhook if configured. */
export type ReferrerFeedbackState = z.output<typeof schema.ReferrerFeedbackState>;
/** The workflow's view of a case; projected to MongoDB after every step. */
export type CaseStatus = z.output<typeof schema.CaseStatus>;
/** A police update recorded on the case: a new version of its notification. */
export type NotificationUpdateRecord = z.output<typeof schema.NotificationUpdateRecord>;
/** What a human step answers: the case and the stage it has moved to. */
export type StepResult = z.output<typeof inputs.StepResult>;
/** One entry of a case's append-only timeline: what happened, who did it, when, and why. */
export type TimelineEventInput = z.output<typeof inputs.TimelineEventInput>;
