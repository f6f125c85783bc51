// Retention: how long each kind of record is kept, as the council's configuration, and the
// rule that says when a closed case has expired. Local policy is years, not days
// (domain.md, "Information governance"); nothing open, and nothing under a legal hold, is
// ever erased (activities/retention.ts checks both before each erasure).
//
//   kind               kept                                               setting (default)
//   no_further_action  N years after closure (no further action, or        RETENTION_NFA_YEARS (3)
//                      information and signposting)
//   contact            N years after closure (any other outcome that       RETENTION_CONTACT_YEARS (6)
//                      made no referral)
//   referral           to the youngest child's Nth birthday (s17, s47)      RETENTION_REFERRAL_UNTIL_AGE (25)
import { referralOutcomes } from './case/rules.js';

export interface RetentionRules {
  noFurtherActionYears: number;
  contactYears: number;
  referralUntilAge: number;
}

export type RetentionKind = 'no_further_action' | 'contact' | 'referral';

export const defaultRetentionRules: RetentionRules = { noFurtherActionYears: 3, contactYears: 6, referralUntilAge: 25 };

function whole(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be a whole number from ${min} to ${max}: got "${raw}"`);
  return n;
}

/** The council's retention, from the environment; a bad value stops the process naming it. */
export function loadRetentionRules(env: NodeJS.ProcessEnv = process.env): RetentionRules {
  return {
    noFurtherActionYears: whole(env, 'RETENTION_NFA_YEARS', defaultRetentionRules.noFurtherActionYears, 1, 100),
    contactYears: whole(env, 'RETENTION_CONTACT_YEARS', defaultRetentionRules.contactYears, 1, 100),
    referralUntilAge: whole(env, 'RETENTION_REFERRAL_UNTIL_AGE', defaultRetentionRules.referralUntilAge, 18, 120),
  };
}

export function retentionKindOf(outcome: string | undefined): RetentionKind {
  if (outcome && (referralOutcomes as readonly string[]).includes(outcome)) return 'referral';
  return outcome === 'no_further_action' || outcome === 'information_and_signposting' ? 'no_further_action' : 'contact';
}

/** `at` moved on by whole calendar years (UTC; 29 February to 28 February). */
export function yearsAfter(at: Date, years: number): Date {
  const d = new Date(at);
  const month = d.getUTCMonth();
  d.setUTCFullYear(d.getUTCFullYear() + years);
  if (d.getUTCMonth() !== month) d.setUTCDate(0);
  return d;
}

/**
 * When a closed case's records expire: `closedAt` plus the years of its kind, or for a
 * referral the youngest child's birthday at `referralUntilAge` (a child with no date of
 * birth keeps it for good: null).
 */
export function expiresAt(kind: RetentionKind, closedAt: Date, childDatesOfBirth: readonly (string | undefined)[], rules: RetentionRules): Date | null {
  if (kind === 'no_further_action') return yearsAfter(closedAt, rules.noFurtherActionYears);
  if (kind === 'contact') return yearsAfter(closedAt, rules.contactYears);
  if (childDatesOfBirth.length === 0 || childDatesOfBirth.some((d) => !d)) return null;
  const youngest = childDatesOfBirth.map((d) => new Date(`${d!.slice(0, 10)}T00:00:00Z`)).reduce((a, b) => (a > b ? a : b));
  const birthday = yearsAfter(youngest, rules.referralUntilAge);
  return birthday > closedAt ? birthday : closedAt;
}

/** A case the retention schedule found expired, and the rule it expired under. */
export interface ExpiredCase {
  caseId: string;
  kind: RetentionKind;
  expiredAt: string;
}

/** What one erasure did (each count: documents deleted). */
export interface ErasureResult {
  caseId: string;
  erased: boolean;
  /** Why not erased: held, open, or erased already. */
  kept?: 'legal_hold' | 'open' | 'erased_already';
  documents?: number;
  people?: number;
  workflowHistoryDeleted?: boolean;
}

/** The activities the retention workflow calls (activities/retention.ts). */
export interface RetentionActivities {
  findExpiredCases(input: { asOf: string; limit: number }): Promise<ExpiredCase[]>;
  eraseExpiredCase(input: ExpiredCase & { asOf: string }): Promise<ErasureResult>;
}

/** The retention schedule's id, before its task queue's name (worker/retention-schedule.ts). */
export const RETENTION_SCHEDULE_ID = 'pitstop-retention';
