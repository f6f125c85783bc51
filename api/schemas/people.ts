// A child's chronology: every contact about them, newest first.
import { agencies, incidentTypes, ragRatings, triageOutcomes } from '../../shared/codes.js';
import { stages } from '../../shared/case/state.js';
import { z } from '../../shared/schemas/zod.js';
import { DecisionRecord } from './case-records.js';
import { at, caseId, opt } from './common.js';

export const ChronologyEntry = z
  .object({
    caseId,
    url: z.string(),
    receivedAt: at,
    incidentType: opt(z.enum(incidentTypes)),
    rating: opt(z.enum(ragRatings)),
    stage: z.enum(stages),
    outcome: opt(z.enum(triageOutcomes)),
    /** Of the case's current decision (its newest version), whether or not yet authorised. */
    levelOfNeed: opt(DecisionRecord.shape.levelOfNeed),
    decisionStatus: opt(DecisionRecord.shape.status),
    leadAgency: opt(z.enum(agencies)),
  })
  .openapi('ChronologyEntry');

export const ChildContacts = z
  .object({
    personId: z.string(),
    /** The child as the front door first knew them: a chronology names them without a case read. */
    child: opt(z.object({ givenName: opt(z.string()), familyName: opt(z.string()), dateOfBirth: opt(z.string()) })),
    items: z.array(ChronologyEntry),
  })
  .openapi('ChildContacts', { description: 'Every contact about the child, newest first.' });
export type ChildContacts = z.output<typeof ChildContacts>;

/** Where a case detail links each of its children's chronologies. */
export const ChildLink = z.object({ personId: z.string(), contactsUrl: z.string() }).openapi('ChildLink');

/**
 * A child a case is about, as the front door first knew them (the person record): what names
 * a case in a list (the agenda, the queues, the search), so a card says whom it is about.
 */
export const CaseChild = z
  .object({ personId: z.string(), givenName: opt(z.string()), familyName: opt(z.string()), dateOfBirth: opt(z.string()) })
  .openapi('CaseChild');
export type CaseChild = z.output<typeof CaseChild>;
