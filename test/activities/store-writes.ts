// The store's writes, each with how it stays right on FerretDB, which loses one of two
// concurrent updates to a document (shared/db/README.md): insert-only (the unique `_id`
// decides, a second insert is refused and ignored) or one writer per document. Shared by
// store-scans.test.ts (each write's commands are held to `_id` filters) and
// concurrent-writes.test.ts (each write hit by concurrent writers, what is kept counted).
import type { Store } from '../../shared/db/store.js';

export const storeWrites = {
  insertNotification: 'insert-only',
  insertNotificationVersion: 'insert-only',
  recordResend: 'one writer: the case\'s workflow, one resend at a time',
  recordContact: 'insert-only',
  insertContact: 'insert-only',
  updateContact: 'one writer: the case\'s workflow, one projection at a time',
  insertTimelineEvent: 'insert-only',
  recordPartnerInformation: 'insert-only',
  recordReferralForm: 'insert-only',
  recordReferral: 'one writer: the case\'s workflow',
  withdrawReferral: 'one writer: the case\'s workflow',
  recordPoliceFeedback: 'one writer: the delivery activity of one decision version',
  appendAudit: 'insert-only',
  appendAuditOnce: 'insert-only',
  recordDisclosure: 'insert-only',
  sealAuditTrail: 'insert-only links, one sealer at a time (a racing sealer loses the next link\'s `_id` and stops)',
  insertMeetingRecord: 'insert-only',
  postToOutbox: 'insert-only',
  matchPeople: 'insert-only (a known person widened by $addToSet may lose a key to a racing widening; the key\'s document, inserted, names them)',
  matchFamily: 'insert-only, as matchPeople (the children and adults of one contact at once)',
  appendToChildHistory: 'insert-only',
  recordContactInChildHistories: 'insert-only',
  recordReferralInChildHistories: 'insert-only',
  recordInWorkingSet: 'insert-only logs and Annex A documents (annex_a_cases by case id, annex_a_corrections a keyed log per month); the open document one writer: the case\'s projection',
  claimRateLimitSlot: 'insert-only (a replica claims its slot of the window by inserting it: the unique `_id` decides)',
  publishRateLimitCounts: 'one writer: the replica that claimed the slot',
  dropRateLimitSlot: 'one writer: the replica that claimed the slot (a delete by `_id`)',
  placeLegalHold: 'insert-only',
  releaseLegalHold: 'one writer: the manager releasing the hold (a delete by `_id`, the same however often)',
  recordErasure: 'insert-only',
  recordRectification: 'insert-only (a slot of the person\'s rectification log; a slot of each month\'s annex_a_corrections log, marked once)',
  recordPersonLink: 'insert-only (a slot of the person\'s links log: a merge or a split)',
  recordSplitPerson: 'insert-only (the new person of a split, its id worked out from the split)',
  eraseCaseRecords: 'one writer: the retention workflow, one case after another (deletes by `_id`, the same however often)',
  startWebSession: 'insert-only',
  startWebSignIn: 'insert-only',
  updateWebSession: 'one writer: the session\'s own browser (a lost "last used" is a minute early; a sign-out deletes, which no update brings back)',
  endWebSession: 'one writer: the session\'s own browser, or whoever finds it over (a deletion by `_id`)',
  takeWebSignIn: 'one writer: the browser finishing its sign-in (read, then deleted by `_id`)',
  revokeWebSessions: 'one writer: the person signing out everywhere ($max of the time)',
} satisfies Partial<Record<keyof Store, string>>;

export const writes = Object.keys(storeWrites) as (keyof Store)[];
