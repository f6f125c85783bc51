// Who is who, as the front door corrects it: two person records found to be one child merged
// (their histories read together from then on), and a wrongly matched person split (a
// contact's child moved to a new person). Kept as a keyed log per person (`person_links`,
// `${personId}#${n}`, insert-only) read by `_id` slots; nothing already recorded is changed:
// the contacts and the people's history logs stay as intake wrote them, and readers apply
// the links (api/queries/person-links.ts).
import { appendToLog, readLog } from './keyed-log.js';
import { insertOnce, type Models } from './models.js';
import { personKeyDocs } from './projector.js';

export interface PersonLink {
  at: Date;
  /**
   * `merged`: one with `other`; `unmerged`: a merge with `other` found wrong and undone (the two
   * separated by a split); `split_away`: `cases` are `other`'s; `split_from`: `cases` moved here from `other`.
   */
  kind: 'merged' | 'unmerged' | 'split_away' | 'split_from';
  other: string;
  /** The contacts moved (a split), each with when it was received. */
  cases?: { caseId: string; at: Date }[];
  actor: { id: string; name: string; role: string; agency: string };
  reason: string;
}

export interface SplitPerson {
  _id: string;
  kind: 'child' | 'adult';
  givenName?: string;
  familyName?: string;
  dateOfBirth?: string;
}

export function personLinkStore({ PersonLink, Person, PersonKey }: Pick<Models, 'PersonLink' | 'Person' | 'PersonKey'>) {
  return {
    /** A link in a person's log (insert-only: its own slot). */
    recordPersonLink: async (personId: string, link: PersonLink): Promise<void> => {
      await appendToLog(PersonLink, personId, [link]);
    },
    /** Every link of a person, oldest first (most have none: one `_id` read finds that). */
    readPersonLinks: async (personId: string): Promise<PersonLink[]> =>
      (await readLog<PersonLink & { _id: string }>(PersonLink, personId, 1)).map(({ at, kind, other, cases, actor, reason }) => ({ at, kind, other, ...(cases ? { cases } : {}), actor, reason })),
    /**
     * The new person a split makes (insert-only, its id worked out from the split, so a retry
     * finds it made). Its one match key is its own: no later contact is matched to it by name.
     */
    recordSplitPerson: async (p: SplitPerson): Promise<void> => {
      const person = { ...p, matchKeys: [`split|${p._id}`] };
      await insertOnce(Person, person);
      // Its key's document, as the projector derives it (the rebuild writes the same).
      for (const key of personKeyDocs(person)) await insertOnce(PersonKey, key);
    },
  };
}
