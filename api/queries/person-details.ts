// A person's details as they stand: what the contact that named them gave (a notification's
// or a form's child, index-aligned with the contact's person ids), overlaid with the front
// door's corrections of each field (the person's rectification log, read by `_id` slots).
// A child's ethnicity nobody has given is NOBT (information not yet obtained), as the CIN
// census and Ofsted's Annex A write it: never blank.
import { ETHNICITY_NOT_OBTAINED, ethnicityCodes, type EthnicityCode } from '../../shared/codes.js';
import { rectifiedDetails, type Store } from '../../shared/db/store.js';

const isEthnicity = (v: unknown): v is EthnicityCode => typeof v === 'string' && (ethnicityCodes as readonly string[]).includes(v);

/** A child's ethnicity: the newest correction, else what the contact gave, else NOBT. */
export function ethnicityOf(given: unknown, rectified: Record<string, unknown>): EthnicityCode {
  if (isEthnicity(rectified.ethnicity)) return rectified.ethnicity;
  return isEthnicity(given) ? given : ETHNICITY_NOT_OBTAINED;
}

/** Each person's corrections as they stand (field → newest value), by person id. */
export async function rectifiedPeople(store: Store, personIds: readonly string[]): Promise<Map<string, Record<string, unknown>>> {
  const ids = [...new Set(personIds)];
  const logs = await Promise.all(ids.map((id) => store.readRectifications(id)));
  return new Map(ids.map((id, i) => [id, rectifiedDetails(logs[i])]));
}

/** The children's ethnicity, each child's id to its code, from the children the contact gave in the same order. */
export async function childrenEthnicity(store: Store, personIds: readonly string[], given: readonly { ethnicity?: string }[]): Promise<Record<string, EthnicityCode>> {
  const rectified = await rectifiedPeople(store, personIds);
  return Object.fromEntries(personIds.map((id, i) => [id, ethnicityOf(given[i]?.ethnicity, rectified.get(id) ?? {})]));
}
