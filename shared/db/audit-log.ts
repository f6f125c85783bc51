// The audit trail by case, by user and whole, as keyed logs (keyed-log.ts): the API writes
// an entry on every read and write, so many requests append at once, and an auditor's page
// must not scan or sort every entry ever made (FerretDB scans a whole collection for any
// filter but `_id`, and sorts in memory holding every document: 1.5 GB for 400k entries).
// The `audit` collection stays the record; each entry is copied into its case's log, its
// user's log and the whole trail's log, each read newest first by `_id`.
import { readLog, readLogPage } from './keyed-log.js';
import { appendToLogOnce, appendToLogs } from './log-appends.js';
import { isDuplicateKey, type Models } from './models.js';
import { auditLogEntryOf, auditLogsOf, caseLogKey, disclosureId, type AuditLogEntry } from './projector.js';

export { breakGlassLogKey, caseLogKey, userLogKey, wholeLogKey, type AuditLogEntry } from './projector.js';


type Logs = Pick<Models, 'AuditLogEntry'>;

const isCaseLog = (key: string) => key.startsWith(caseLogKey(''));

/** Each log's entries, in the order given (projector.ts `auditLogsOf`). */
function byLog(entries: readonly AuditLogEntry[]): Map<string, AuditLogEntry[]> {
  const logs = new Map<string, AuditLogEntry[]>();
  for (const e of entries.map(auditLogEntryOf)) for (const key of auditLogsOf(e).keys) logs.get(key)?.push(e) ?? logs.set(key, [e]);
  return logs;
}

/**
 * Copies entries just recorded in `audit` into their cases', their users' and the whole
 * trail's logs. An entry a retried activity may record again (a disclosure) is logged
 * with a marker per log saying it is logged (a retry after the append but before the
 * marker logs it twice; readers show it once). `firstWrite`: none of them can be logged
 * yet, so no marker is read. `newLogs`: logs most likely empty yet (a case's at its
 * intake), whose first slot is tried unread.
 */
export async function appendToAuditLogs({ AuditLogEntry }: Logs, entries: readonly AuditLogEntry[], firstWrite = false, newLogs?: ReadonlySet<string>): Promise<void> {
  const once = entries.filter((e) => auditLogsOf(e).once);
  const plain = entries.filter((e) => !auditLogsOf(e).once);
  await Promise.all([
    // A list's cases' logs: their ends kept together, for the next asking of the list in any process.
    appendToLogs(AuditLogEntry, [...byLog(plain)], isCaseLog, newLogs),
    ...once.flatMap((e) => [...byLog([e])].map(([key, [logged]]) => appendToLogOnce(AuditLogEntry, key, e.entryId, logged, firstWrite))),
  ]);
}

/** The engine itself, as the actor of what it discloses. */
export const engineActor = { id: 'pitstop-engine', name: 'PIT Stop engine', role: 'system', agency: 'front_door' };

/**
 * A disclosure the engine made (an outcome to a force or a referrer's agency), logged as
 * the Data Protection Act asks (what, to whom, when, why) in `audit` and in the case's
 * and the engine's logs, once however often the activity that made it runs.
 */
export async function recordDisclosure(
  models: Pick<Models, 'Audit' | 'AuditLogEntry'>,
  id: string,
  disclosure: Omit<AuditLogEntry, 'entryId' | 'actor'>,
): Promise<void> {
  const entryId = disclosureId(id);
  const entry = { ...disclosure, actor: engineActor };
  // Two runs at once both insert: the one refused by the unique `_id` copies what the other recorded.
  await models.Audit.updateOne({ _id: entryId }, { $setOnInsert: entry }, { upsert: true }).catch((err) => {
    if (!isDuplicateKey(err)) throw err;
  });
  // A retry copies what the first run recorded, not its own time.
  const recorded = await models.Audit.findById(entryId).lean();
  await appendToAuditLogs(models, [{ entryId, ...entry, ...(recorded ? { at: recorded.at, outcome: recorded.outcome ?? undefined } : {}) }]);
}

const once = (entries: AuditLogEntry[]) => entries.filter((e, i) => entries.findIndex((x) => x.entryId === e.entryId) === i);

/**
 * A page of one log, newest first. Two requests of one user at the same moment may be
 * logged in the other order than their times: within a page the times decide.
 */
export async function auditLogPage(models: Logs, key: string, page: number, pageSize: number): Promise<AuditLogEntry[]> {
  const entries = once(await readLogPage<AuditLogEntry>(models.AuditLogEntry, key, page, pageSize));
  return entries.sort((a, b) => +b.at - +a.at);
}

/** A whole log, newest first. */
export async function wholeAuditLog(models: Logs, key: string): Promise<AuditLogEntry[]> {
  return once((await readLog<AuditLogEntry>(models.AuditLogEntry, key)).reverse());
}
