// The store's audit trail: the `audit` record (insert-only) and its copies in each case's
// and each user's keyed log (audit-log.ts), which auditors' pages read by `_id`.
import mongoose from 'mongoose';
import { sealAuditTrail, verifyAuditChain } from './audit-chain.js';
import { appendToAuditLogs, auditLogPage, breakGlassLogKey, caseLogKey, recordDisclosure, userLogKey, wholeAuditLog, wholeLogKey, type AuditLogEntry } from './audit-log.js';
import { insertOnce, readById, type Models } from './models.js';

/** An entry as its writer gives it (the store gives it its `_id`). */
export type AuditEntryInput = Omit<AuditLogEntry, 'entryId'>;

type AuditDoc = AuditEntryInput & { _id: string };

export function auditStore(models: Models) {
  /** Kept and copied into each case's, the user's and the whole trail's logs (what auditors' pages read by `_id`). */
  const write = async (docs: readonly AuditDoc[]) => {
    // Both at once: the sealer waits for an entry logged before it is kept, as it does for
    // `appendAuditOnce`'s (audit-chain.ts).
    await Promise.all([models.Audit.insertMany(docs), appendToAuditLogs(models, docs.map(({ _id, ...e }) => ({ entryId: _id, ...e })))]);
  };
  /**
   * The entries of this process's requests that arrive while a write is under way, written
   * together next, in the order they came: every request appends to the whole trail's log
   * (and a person's requests to their own), whose appends go one at a time, so entries
   * waiting for one write go in the next as one. Each request still waits for its own.
   */
  let next: { docs: AuditDoc[]; written: Promise<void> } | undefined;
  let writing: Promise<unknown> = Promise.resolve();
  return {
    /** Entries written once (a request's read or write): each given an id, kept, and copied into its logs, before it resolves. */
    appendAudit(entries: readonly AuditEntryInput[]): Promise<void> {
      const docs = entries.map((e) => ({ _id: new mongoose.Types.ObjectId().toHexString(), ...e }));
      if (!next) {
        const batch: { docs: AuditDoc[]; written: Promise<void> } = { docs: [], written: Promise.resolve() };
        batch.written = writing.then(() => {
          if (next === batch) next = undefined;
          return write(batch.docs);
        });
        writing = batch.written.catch(() => undefined);
        next = batch;
      }
      next.docs.push(...docs);
      return next.written;
    },

    /**
     * An entry an activity may write again, once however often it runs: the `audit` entry,
     * keyed by `entryId`, is written last and says it is done. A retry after the logs but
     * before it logs the entry twice; readers show it once. `firstWrite`: the caller knows
     * no run wrote any of it yet (intake that has just inserted its contact): nothing is read first.
     * `newCase`: the case's own log is most likely empty yet (its intake): its first slot is
     * tried unread (a slot found taken is searched for).
     */
    async appendAuditOnce(entryId: string, entry: AuditEntryInput, firstWrite = false, newCase = false): Promise<void> {
      if (!firstWrite && (await readById(models.Audit, entryId, { _id: 1 }))) return;
      await appendToAuditLogs(models, [{ entryId, ...entry }], firstWrite, newCase && entry.caseId ? new Set([caseLogKey(entry.caseId)]) : undefined);
      await insertOnce(models.Audit, { _id: entryId, ...entry });
    },

    /** A disclosure the engine made, once however often the activity that made it runs (audit-log.ts). */
    recordDisclosure: (id: string, disclosure: Omit<AuditLogEntry, 'entryId' | 'actor'>) => recordDisclosure(models, id, disclosure),

    /** A page of one case's trail, newest first. */
    readAuditByCase: (caseId: string, page: number, pageSize: number) => auditLogPage(models, caseLogKey(caseId), page, pageSize),
    /** A page of one user's trail, newest first. */
    readAuditByUser: (userId: string, page: number, pageSize: number) => auditLogPage(models, userLogKey(userId), page, pageSize),
    /** One case's whole trail, newest first (a case is read by a few dozen people). */
    readWholeAuditOfCase: (caseId: string) => wholeAuditLog(models, caseLogKey(caseId)),
    /** Seals the entries logged since the last run into the hash chain (audit-chain.ts): one sealer at a time. */
    sealAuditTrail: (max?: number) => sealAuditTrail(models, max),
    /** Recomputes the hash chain and names the first link that does not hold. */
    verifyAuditChain: () => verifyAuditChain(models),
    /** Every read beyond need to know (break-glass), newest first: its own log, rare by design. */
    readBreakGlass: () => wholeAuditLog(models, breakGlassLogKey),
    /** A page of the whole trail, newest first (its keyed log: no scan, no sort of every entry). */
    readAudit: (page: number, pageSize: number) => auditLogPage(models, wholeLogKey, page, pageSize),
  };
}
