// A child's chronology: what the panel weighs when a new contact about them arrives.
import type { ChildContacts } from '../schemas/people.js';
import type { ContactRecord } from '../queries/records.js';
import { caseUrl } from './cases.js';

export function presentChildContacts(personId: string, contacts: ContactRecord[], child?: ChildContacts['child']): ChildContacts {
  return {
    personId,
    ...(child ? { child } : {}),
    items: contacts.map((c) => {
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
    }),
  };
}
