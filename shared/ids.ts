// Deterministic identifiers. A police system resends; the same force + reference must
// never create a second case, so the case id (and the workflow id) is derived from them.
// Derived with a secret key (HMAC-SHA-256, PITSTOP_ID_KEY): an id in a URL, a log line or
// an export reveals nothing, and nobody who knows a child's name and date of birth, or a
// force's reference, can compute the child's or the case's id without the key. The natural
// keys stay inside, for matching and resends. The key must not change once contacts are
// held (a changed key gives a resend a new case); docs/operations.md "Secrets".
import { createHmac } from 'node:crypto';

/** The repository's development key: production refuses to start on it (shared/production.ts). */
export const DEV_ID_KEY = 'pitstop-development-id-key-not-for-production';
export const ID_KEY_MIN_LENGTH = 32;

let idKey: string | undefined;

/** The id key from the environment, checked once: a short key is refused, whatever the environment. */
export function idKeyFrom(env: NodeJS.ProcessEnv = process.env): string {
  const key = env.PITSTOP_ID_KEY ?? DEV_ID_KEY;
  if (key.length < ID_KEY_MIN_LENGTH) throw new Error(`PITSTOP_ID_KEY must be at least ${ID_KEY_MIN_LENGTH} characters`);
  return key;
}

/** 20 hex digits (80 bits) of the keyed digest of a natural key, upper case. */
function keyedDigest(key: string): string {
  idKey ??= idKeyFrom();
  return createHmac('sha256', idKey).update(key).digest('hex').slice(0, 20).toUpperCase();
}

export function normalisePoliceReference(reference: string): string {
  return reference.trim().toUpperCase();
}

/** Case id for a police notification: stable for the same force code + reference. */
export function caseIdFor(forceCode: string, policeReference: string): string {
  const key = `${forceCode.trim().toUpperCase()}\u0000${normalisePoliceReference(policeReference)}`;
  return `C-${keyedDigest(key)}`;
}

/**
 * Case id for a contact from anyone but the police: stable for the same submitter and the
 * same key (the referrer's own reference, or the Idempotency-Key their system sends), so a
 * resend of the form is the same contact.
 */
export function caseIdForReferral(submitterId: string, key: { reference: string } | { idempotencyKey: string }): string {
  const k = 'reference' in key ? `ref:${normalisePoliceReference(key.reference)}` : `key:${key.idempotencyKey}`;
  return `C-${keyedDigest(`referral\u0000${submitterId}\u0000${k}`)}`;
}

/**
 * The k-th contact (k ≥ 1) opened by police updates to a notification whose case had
 * closed: a chain from the notification's first case, found by `_id` reads in order and
 * started with Temporal's one-start-per-id guarantee (README "Police updates").
 */
export function recontactCaseIdFor(firstCaseId: string, k: number): string {
  return `C-${keyedDigest(`${firstCaseId}\u0000recontact\u0000${k}`)}`;
}

/** The shape of a case id, for routes, the OpenAPI document and log parsing. */
export const CASE_ID_PATTERN = 'C-[0-9A-F]{20}';

export const workflowIdFor = (caseId: string) => `contact-${caseId}`;

export function isCaseId(value: string): boolean {
  return new RegExp(`^${CASE_ID_PATTERN}$`).test(value);
}

export { normaliseName } from './names.js';

/** An id for a person or attendee from its natural key, keyed as every id here. */
export function stableId(prefix: string, key: string): string {
  return `${prefix}-${keyedDigest(key)}`;
}

/** Postcode district (outward code), the unit of locality themes: "DN15 0ZZ" → "DN15". */
export function postcodeDistrict(postcode: string | undefined): string | undefined {
  if (!postcode) return undefined;
  const compact = postcode.replace(/\s+/g, '').toUpperCase();
  return compact.length > 3 ? compact.slice(0, -3) : undefined;
}
