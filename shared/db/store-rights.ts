// The rights of the people in the records: a person's details corrected by the front door
// (rectification; a child's ethnicity recorded), kept as a keyed log per person
// (`person_rectifications`, `${personId}#${n}`, insert-only), read by `_id` slots. The
// person record and each contact keep what was first given (intake matches on it); what
// stands for a field is its newest correction.
import { appendToLog, readLog } from './keyed-log.js';
import type { Models } from './models.js';
import { noteAnnexACorrection } from './store-annex-a.js';

export interface Rectification {
  at: Date;
  /** A field of the person's details: givenName, familyName, dateOfBirth, gender, ethnicity, nhsNumber. */
  field: string;
  value: unknown;
  actor: { id: string; name: string; role: string; agency: string };
  reason: string;
}

export function rightsStore(models: Models) {
  const { PersonRectification } = models;
  return {
    /**
     * A correction of a person's details (insert-only: its own slot of the person's log),
     * then noted for Annex A in each month the person has a contact in (store-annex-a.ts).
     */
    recordRectification: async (personId: string, r: Rectification): Promise<void> => {
      await appendToLog(PersonRectification, personId, [r]);
      await noteAnnexACorrection(models, personId);
    },
    /** Every correction of a person's details, oldest first (most have none: one `_id` read finds that). */
    readRectifications: async (personId: string): Promise<Rectification[]> =>
      (await readLog<Rectification & { _id: string }>(PersonRectification, personId, 1)).map(({ at, field, value, actor, reason }) => ({ at, field, value, actor, reason })),
  };
}

/** What stands for each field corrected: its newest correction. */
export function rectifiedDetails(rectifications: readonly Rectification[]): Record<string, unknown> {
  return Object.fromEntries(rectifications.map((r) => [r.field, r.value]));
}
