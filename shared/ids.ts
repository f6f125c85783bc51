// Deterministic identifiers. A police system resends; the same force + reference must
// never create a second case, so the case id (and the workflow id) is derived from them.
import { createHash } from 'node:crypto';

export function normalisePoliceReference(reference: string): string {
  return reference.trim().toUpperCase();
}

/** Case id for a police notification: stable for the same force code + reference. */
export function caseIdFor(forceCode: string, policeReference: string): string {
  const key = `${forceCode.trim().toUpperCase()}\u0000${normalisePoliceReference(policeReference)}`;
  return `C-${createHash('sha256').update(key).digest('hex').slice(0, 20).toUpperCase()}`;
}

/**
 * Case id for a contact from anyone but the police: stable for the same submitter and the
 * same key (the referrer's own reference, or the Idempotency-Key their system sends), so a
 * resend of the form is the same contact.
 */
export function caseIdForReferral(submitterId: string, key: { reference: string } | { idempotencyKey: string }): string {
  const k = 'reference' in key ? `ref:${normalisePoliceReference(key.reference)}` : `key:${key.idempotencyKey}`;
  return `C-${createHash('sha256').update(`referral\u0000${submitterId}\u0000${k}`).digest('hex').slice(0, 20).toUpperCase()}`;
}

/**
 * The k-th contact (k ≥ 1) opened by police updates to a notification whose case had
 * closed: a chain from the notification's first case, found by `_id` reads in order and
 * started with Temporal's one-start-per-id guarantee (README "Police updates").
 */
export function recontactCaseIdFor(firstCaseId: string, k: number): string {
  return `C-${createHash('sha256').update(`${firstCaseId}\u0000recontact\u0000${k}`).digest('hex').slice(0, 20).toUpperCase()}`;
}

/** The shape of a case id, for routes, the OpenAPI document and log parsing. */
export const CASE_ID_PATTERN = 'C-[0-9A-F]{20}';

export const workflowIdFor = (caseId: string) => `contact-${caseId}`;

export function isCaseId(value: string): boolean {
  return new RegExp(`^${CASE_ID_PATTERN}$`).test(value);
}

/** Lower-case, accents and punctuation removed, spaces collapsed: for matching people. */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function stableId(prefix: string, key: string): string {
  return `${prefix}-${createHash('sha256').update(key).digest('hex').slice(0, 20).toUpperCase()}`;
}

/** Postcode district (outward code), the unit of locality themes: "DN15 0ZZ" → "DN15". */
export function postcodeDistrict(postcode: string | undefined): string | undefined {
  if (!postcode) return undefined;
  const compact = postcode.replace(/\s+/g, '').toUpperCase();
  return compact.length > 3 ? compact.slice(0, -3) : undefined;
}
