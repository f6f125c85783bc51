// The one way into the database: domain-named reads and writes over the engine's
// collections. Nothing outside shared/db imports mongoose, a model or another file of this
// folder (test/unit/architecture.test.ts); what the embedded server allows, and how to add
// a read, is in README.md beside this file.
import type { ConnectOptions } from 'mongoose';
import { connectDatabase } from './connect.js';
import type { Models } from './models.js';
import { matchFamily, matchPeople, type PersonInput } from './people.js';
import { auditStore } from './store-audit.js';
import { caseStore } from './store-cases.js';
import { workStore } from './store-meetings.js';
import { outboxStore } from './store-outbox.js';
import { rateLimitStore } from './rate-limit.js';
import { retentionStore } from './store-retention.js';
import { personLinkStore } from './store-person-links.js';
import { rightsStore } from './store-rights.js';
import { annexAStore } from './store-annex-a.js';
import { sessionStore } from './store-sessions.js';
import { recordInWorkingSet } from './working-set.js';
import { appendToPersonHistories, appendToPersonHistory, type PersonHistoryEntry, type PersonLogTail } from './person-history.js';
import { contactHistoryEntries, referralHistoryEntries, type ContactRowFields, type ProjectedFields } from './projector.js';
import { rebuildReadModels, type RebuildCounts } from './rebuild.js';
import { importRecords, mergeBatches, type ImportBatch } from './store-import.js';
import { watchSlowCommands, type SlowCommand } from './slow-commands.js';

export type { CaseRow } from './case-rows.js';
export type { WebSessionRecord, WebSignInRecord } from './store-sessions.js';
export { MAX_PERIOD_MONTHS, monthsOfPeriod } from './case-rows.js';
export type { AuditLogEntry } from './audit-log.js';
export type { AnnexACase } from './annex-a-models.js';
export { fold as foldChildHistory, NEWEST_KEPT, type LookBackWindow, type PersonLookBack, type PersonHistory, type PersonHistoryEntry, type PersonLogTail } from './person-history.js';
export type { MatchedPeople } from './people.js';
export { annexACaseOf, contactProjectionOf, type ProjectedFields } from './projector.js';
export type { RebuildCounts } from './rebuild.js';
export { meetingRecordIds } from './store-meetings.js';
export type { HoldScope } from './store-retention.js';
export { rectifiedDetails, type Rectification } from './store-rights.js';
export type { PersonLink, SplitPerson } from './store-person-links.js';
export { mergeBatches, type ImportBatch } from './store-import.js';
export type { SlowCommand } from './slow-commands.js';

/** The store over one database's models. */
export function createStore(models: Models) {
  return {
    ...caseStore(models),
    ...auditStore(models),
    ...workStore(models),
    ...outboxStore(models),
    ...rateLimitStore(models),
    ...retentionStore(models),
    ...rightsStore(models),
    ...annexAStore(models),
    ...personLinkStore(models),
    ...sessionStore(models),
    /** Each person named, matched to one already known or recorded (people.ts). */
    matchPeople: (kind: 'child' | 'adult', people: PersonInput[], scope?: string) => matchPeople(models, kind, people, scope),
    /**
     * A contact's children and adults matched at once (people.ts): the new people of both in one write; `scope`: the contact's
     * case id; `alongside`: answered once matched, the people still being recorded (the third element: await it).
     */
    matchFamily: (children: PersonInput[], adults: PersonInput[], scope?: string, alongside?: boolean) => matchFamily(models, children, adults, scope, alongside),
    /** Appends to a child's history unless the entry stands already (`read`: the log as just read). */
    appendToChildHistory: (personId: string, entry: PersonHistoryEntry, read?: PersonLogTail) => appendToPersonHistory(models, personId, entry, read),
    /**
     * A contact in each of its children's and adults' histories, as the projector derives it
     * from the contact (`logs`: each child's log as intake's look-back read it, in the same order).
     */
    recordContactInChildHistories: async (
      caseId: string,
      contact: { receivedAt: Date; incidentType?: string; childPersonIds: readonly string[]; adultPersonIds?: readonly string[] },
      logs?: readonly (PersonLogTail | undefined)[],
    ): Promise<void> => {
      // The logs read empty (new people) started in one write (person-history.ts).
      await appendToPersonHistories(models, contactHistoryEntries(caseId, contact).map(([id, entry], i) => [id, entry, logs?.[i]] as const));
    },
    /** A referral (or its withdrawal: `status` withdrawn) in each of its children's histories, as the projector derives it from the referral. */
    recordReferralInChildHistories: async (referral: { caseId: string; referredAt: Date; childPersonIds?: readonly string[]; status?: string }): Promise<void> => {
      await Promise.all(referralHistoryEntries(referral).map(([id, entry]) => appendToPersonHistory(models, id, entry)));
    },
    /**
     * After a projection: the case's open document, closed row and agenda entry (working-set.ts;
     * `firstProjection`: written with the contact just inserted; `newerThanContact`: the contact held an older projection).
     */
    recordInWorkingSet: (caseId: string, f: ProjectedFields, contact: ContactRowFields, firstProjection = false, newerThanContact = false) =>
      recordInWorkingSet(models, caseId, f, contact, firstProjection, newerThanContact),
    /**
     * How many records each collection named holds, for the benches' reports: an estimate on
     * MongoDB, a whole scan on FerretDB (never on a request's path).
     */
    countRecords: async <K extends keyof Models>(names: readonly K[]): Promise<Record<K, number>> =>
      Object.fromEntries(await Promise.all(names.map(async (m) => [m, await models[m].estimatedDocumentCount()] as const))) as Record<K, number>,
    /** The database answers (the API's readiness check). */
    ping: async (): Promise<void> => {
      await models.Contact.db.db!.admin().command({ ping: 1 });
    },
  };
}
export type Store = ReturnType<typeof createStore>;

/**
 * Connects, makes sure every index exists (connect.ts), and gives the store. `options`:
 * the driver's (a test watches the commands sent). `slow`: each command slower than
 * `slowMs` (or failed), and each wait that long for a connection, told to `report`
 * (MONGODB_SLOW_MS, slow-commands.ts).
 */
export async function connectStore(
  uri: string,
  options?: ConnectOptions,
  slow?: { slowMs: number; report: (command: SlowCommand) => void },
): Promise<{ store: Store; close: () => Promise<void> }> {
  const { conn, models } = await connectDatabase(uri, slow ? { ...options, monitorCommands: true } : options);
  if (slow) watchSlowCommands(conn.getClient(), slow.slowMs, slow.report);
  return { store: createStore(models), close: () => conn.close() };
}

/**
 * Drops every read model of the database and derives it again from the records with the
 * projector (rebuild.ts): what `npm run rebuild` runs, with the engine stopped. `progress`
 * is told each read model's counts as it is done.
 */
export async function rebuildDatabase(uri: string, progress?: (counts: RebuildCounts) => void): Promise<RebuildCounts> {
  const { conn, models } = await connectDatabase(uri);
  try {
    return await rebuildReadModels(models, progress);
  } finally {
    await conn.close();
  }
}

/**
 * Imports records in bulk (the generator's history: shared/generator), batch after batch,
 * then derives every read model from the database's records (as `rebuildDatabase`). Into a
 * database the engine is not running on; a batch imported again keeps what is there.
 */
export async function importHistory(uri: string, batches: Iterable<ImportBatch>, progress?: (counts: RebuildCounts) => void): Promise<{ contacts: number }> {
  const { conn, models } = await connectDatabase(uri);
  try {
    let contacts = 0;
    for (const batch of batches) {
      await importRecords(models, batch);
      contacts += batch.contacts.length;
    }
    await rebuildReadModels(models, progress);
    return { contacts };
  } finally {
    await conn.close();
  }
}

/** Whether a contact is kept under this id (the demo data asks before importing again). */
export async function contactKept(uri: string, caseId: string): Promise<boolean> {
  const { conn, models } = await connectDatabase(uri);
  try {
    return (await createStore(models).contactExists(caseId)) === true;
  } finally {
    await conn.close();
  }
}
