// A child's chronology: every contact about them, newest first.
import { agencies, ethnicityCodes, incidentTypes, ragRatings, triageOutcomes } from '../../shared/codes.js';
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

const Named = z.object({ givenName: opt(z.string()), familyName: opt(z.string()), dateOfBirth: opt(z.string()) });

export const ChildContacts = z
  .object({
    personId: z.string(),
    kind: z.enum(['child', 'adult']),
    /** The child as the front door first knew them: a chronology names them without a case read. */
    child: opt(Named),
    /** An adult's history (a perpetrator across families): named as the front door first knew them. */
    adult: opt(Named),
    items: z.array(ChronologyEntry),
  })
  .openapi('ChildContacts', { description: "Every contact naming the person (a child's chronology, an adult's history), newest first." });
export type ChildContacts = z.output<typeof ChildContacts>;

/** Where a case detail links each of its children's chronologies. */
export const ChildLink = z
  .object({
    personId: z.string(),
    contactsUrl: z.string(),
    /** CIN census ethnicity as it stands: corrected by the front door, else as given, else NOBT (not yet obtained). */
    ethnicity: opt(z.enum(ethnicityCodes)),
  })
  .openapi('ChildLink');

/**
 * A child a case is about, as the front door first knew them (the person record): what names
 * a case in a list (the agenda, the queues, the search), so a card says whom it is about.
 */
export const CaseChild = z
  .object({ personId: z.string(), givenName: opt(z.string()), familyName: opt(z.string()), dateOfBirth: opt(z.string()) })
  .openapi('CaseChild');
export type CaseChild = z.output<typeof CaseChild>;

/** Someone in a household view: how they are linked to the person asked about. */
export const HouseholdPerson = Named.extend({
  personId: z.string(),
  kind: z.enum(['child', 'adult']),
  /** `self`; named in one of the person's own contacts; or a child linked only through an adult they share (a sibling at another address). */
  link: z.enum(['self', 'named_together', 'through_shared_adult']),
  /** Through shared adults: the adults (person ids) named both in the person's contacts and in this child's. */
  sharedAdults: z.array(z.string()),
  contactsUrl: z.string(),
}).openapi('HouseholdPerson');

export const HouseholdContact = ChronologyEntry.extend({
  /** Not closing or closed. */
  open: z.boolean(),
  childPersonIds: z.array(z.string()),
  adultPersonIds: z.array(z.string()),
}).openapi('HouseholdContact');

export const Household = z
  .object({
    personId: z.string(),
    people: z.array(HouseholdPerson),
    /** The family's contacts, newest first: the person's own and those of the adults they share. */
    contacts: z.array(HouseholdContact),
    /** Some contacts or people were left out to keep the read bounded (the newest are kept). */
    truncated: z.boolean(),
  })
  .openapi('Household', {
    description:
      "A family together: the contacts, open cases and decisions of the person asked about and of every adult named with them, and the children those adults are named with (siblings at other addresses linked through a shared adult).",
  });
export type Household = z.output<typeof Household>;
