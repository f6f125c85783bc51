// A person's chronology (a child's, or an adult's history) and a household: what the panel
// weighs when a new contact about the family arrives.
import type { ChildContacts, Household } from '../schemas/people.js';
import type { HouseholdRead } from '../queries/household.js';
import type { PersonKind, PersonNamed } from '../queries/people.js';
import type { ContactRecord } from '../queries/records.js';
import { caseUrl, childContactsUrl } from './cases.js';

/** A contact in a chronology: its case, rating, stage and the decision it is working on. */
function chronologyEntry(c: ContactRecord): ChildContacts['items'][number] {
  // The decision the case is working on: its newest version, as the workflow has it.
  const current = c.status?.decisions.at(-1);
  return {
    caseId: c._id,
    url: caseUrl(c._id),
    receivedAt: c.receivedAt.toISOString(),
    incidentType: c.incidentType,
    rating: c.rating,
    stage: c.stage,
    outcome: c.outcome,
    levelOfNeed: current?.levelOfNeed,
    decisionStatus: current?.status,
    leadAgency: c.leadAgency,
  };
}

export function presentChildContacts(personId: string, contacts: ContactRecord[], named?: PersonNamed, kind: PersonKind = 'child'): ChildContacts {
  return {
    personId,
    kind,
    ...(named ? { [kind]: named } : {}),
    items: contacts.map(chronologyEntry),
  };
}

export function presentHousehold(personId: string, h: HouseholdRead): Household {
  return {
    personId,
    people: h.people.map((p) => ({ ...p, contactsUrl: childContactsUrl(p.personId) })),
    contacts: h.contacts.map((c) => ({
      ...chronologyEntry(c),
      open: c.stage !== 'closing' && c.stage !== 'closed',
      childPersonIds: c.status?.childPersonIds ?? c.childPersonIds ?? [],
      adultPersonIds: c.status?.adultPersonIds ?? (c as { adultPersonIds?: string[] }).adultPersonIds ?? [],
    })),
    truncated: h.truncated,
  };
}
