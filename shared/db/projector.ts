// The projector: for each read model, the one derivation of its documents from the
// records they are kept beside. The live writers (intake, a case's projection, the audit
// trail, the outbox, the meeting register) and the rebuild (rebuild.ts, `npm run rebuild`)
// both call these, so the two cannot disagree on what a read model holds; they differ
// only in how slots are numbered (live: in the order appended; rebuild: in an order the
// records fix, see rebuild.ts).
//
// | Read model               | Derived from                        | Here                              |
// |--------------------------|-------------------------------------|-----------------------------------|
// | `person_keys`            | `persons`                           | `personKeyDocs`                   |
// | `person_history_entries` | `contacts`, `referrals`             | `contactHistoryEntries`, `referralHistoryEntries` |
// | `audit_logs`             | `audit`                             | `auditLogsOf`                     |
// | `outbox_logs`            | `referrer_outbox`                   | `outboxLogOf`                     |
// | `meeting_registers`      | `meeting_records`                   | `registerEntryOf`                 |
// | `open_cases`, `agenda_entries`, `closed_case_rows` (and `closed_case_months`, a gathered copy) | `contacts` | `workingSetOf` |
// | `annex_a_cases`          | `contacts` (closed), `referrals`, `person_history_entries` | `annexACaseOf` |
// | `annex_a_corrections`    | `person_rectifications`, `person_history_entries` | `annexACorrectionMonths` |
import type { CaseStatus } from '../case/state.js';
import { liveLeadAgencies } from '../case/rules.js';
import { stableId } from '../ids.js';
import { rowOf, type CaseRow } from './case-rows.js';
import type { PersonHistory, PersonHistoryEntry } from './person-history.js';
import { monthOf } from './case-rows.js';
import type { AnnexACase } from './annex-a-models.js';

// ---- Person keys ----------------------------------------------------------------------

/** The id a person is recorded under: derived from the first key they were matched on, so a retry finds the same id. */
export const personIdFrom = (kind: 'child' | 'adult', key: string): string => stableId(kind === 'child' ? 'CH' : 'AD', key);

/** A person's key document's `_id`. */
export const personKeyId = (kind: 'child' | 'adult', key: string): string => `${kind}|${key}`;

/**
 * The `person_keys` documents naming a person: one per match key, except the key their
 * id is derived from (a read of `persons` by that id finds them: people.ts).
 */
export function personKeyDocs(person: { _id: string; kind: 'child' | 'adult'; matchKeys: readonly string[] }): { _id: string; personId: string }[] {
  return person.matchKeys.filter((key) => personIdFrom(person.kind, key) !== person._id).map((key) => ({ _id: personKeyId(person.kind, key), personId: person._id }));
}

// ---- A child's history ----------------------------------------------------------------

/** A contact's entry in each of its children's history logs: when it was received, and its incident type. */
export function contactHistoryEntries(
  caseId: string,
  contact: { receivedAt: Date; incidentType?: string | null; childPersonIds?: readonly string[] | null; adultPersonIds?: readonly string[] | null },
): [string, PersonHistoryEntry][] {
  const typed = contact.incidentType ? { incidentType: contact.incidentType } : {};
  // Children first (intake's look-back read their logs, in this order), then the adults: an
  // adult's history (a perpetrator across families) and a household's shared adults are read
  // from their logs as a child's chronology is.
  return [...(contact.childPersonIds ?? []), ...(contact.adultPersonIds ?? [])].map((personId) => [personId, { kind: 'contact', caseId, at: contact.receivedAt, ...typed }]);
}

/** A referral's entry in each of its children's logs: when it was made, and whether it was withdrawn since. */
export function referralHistoryEntries(referral: { caseId: string; referredAt: Date; childPersonIds?: readonly string[] | null; status?: string | null }): [string, PersonHistoryEntry][] {
  const withdrawn = referral.status === 'withdrawn';
  return (referral.childPersonIds ?? []).map((personId) => [personId, { kind: 'referral', caseId: referral.caseId, at: referral.referredAt, withdrawn }]);
}

// ---- The audit trail's logs -------------------------------------------------------------

/** An audit entry as its logs copy it. */
export interface AuditLogEntry {
  /** The entry's `_id` in `audit`. */
  entryId: string;
  at: Date;
  actor: { id: string; name?: string; role?: string; agency?: string; force?: string };
  action: string;
  caseId?: string;
  resource?: string;
  reason?: string;
  requestId?: string;
  outcome?: number;
  /** A step's entry: the timeline entry it made (`${caseId}:${seq}`), where what was said is kept. */
  timelineEntry?: string;
  /** What a read asked for by name (an auditor's query, a child's chronology): the case, the user or the child looked up. */
  lookedUp?: { caseId?: string; userId?: string; personId?: string };
}

export const caseLogKey = (caseId: string) => `case:${caseId}`;
export const userLogKey = (userId: string) => `user:${userId}`;
/** The whole trail's log: every entry, in the order logged. */
export const wholeLogKey = 'all';
/** Reads beyond need to know (break-glass, with their reasons): what managers and the information governance lead review. */
export const breakGlassLogKey = 'break-glass';
const isBreakGlass = (e: AuditLogEntry) => String(e.action ?? '').endsWith('.beyond_need_to_know') && (e.outcome === undefined || e.outcome < 400);

/** The `audit` ids of disclosures (audit-log.ts `recordDisclosure`): an activity may log one again, so each log marks it as logged. */
export const disclosureId = (id: string) => `disclosure:${id}`;

/** The `audit` record as its logs copy it (no more fields, none undefined). */
export function auditLogEntryOf(record: Omit<AuditLogEntry, 'entryId'> & { entryId?: string; _id?: unknown }): AuditLogEntry {
  const { at, actor, action, caseId, resource, reason, requestId, outcome, timelineEntry, lookedUp } = record;
  const entry = { entryId: String(record.entryId ?? record._id), at, actor, action, caseId, resource, reason, requestId, outcome, timelineEntry, lookedUp };
  return Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined && v !== null)) as unknown as AuditLogEntry;
}

/**
 * The logs an audit entry is copied into: its case's (when about one), its user's and the
 * whole trail's; `once`: the entry may be logged again by a retried writer, so a marker
 * `${key}@${entryId}` says it is in the log.
 */
export function auditLogsOf(entry: AuditLogEntry): { keys: string[]; once: boolean } {
  const keys = [
    ...(entry.caseId ? [caseLogKey(entry.caseId)] : []),
    userLogKey(String(entry.actor?.id)),
    wholeLogKey,
    ...(isBreakGlass(entry) ? [breakGlassLogKey] : []),
  ];
  return { keys, once: entry.entryId.startsWith(disclosureId('')) };
}

// ---- Outbox and meeting register --------------------------------------------------------

/** An outbox entry's slot in its agency's log (a copy of the entry, and its id). Every entry is logged once (marked). */
/** An outbox's log key: the referring organisation's within its agency, or the agency's for a referrer with none. */
export const outboxKey = (agency: string, organisation?: string): string => (organisation ? `${agency}@${organisation}` : agency);

export function outboxLogOf<E extends { _id: string; agency: string; organisation?: unknown }>(entry: E): { key: string; entryId: string; fields: Omit<E, '_id'> & { entryId: string } } {
  const { _id, ...fields } = entry;
  const organisation = typeof entry.organisation === 'string' ? entry.organisation : undefined;
  return { key: outboxKey(entry.agency, organisation), entryId: _id, fields: { entryId: _id, ...fields } };
}

/** A meeting record's slot in its meeting's register log: only an attendee's, logged once (marked). */
export function registerEntryOf(record: { _id: string; date: string; kind: string }): { key: string; entryId: string; fields: { entryId: string } } | null {
  return record.kind === 'attendee' ? { key: record.date, entryId: record._id, fields: { entryId: record._id } } : null;
}

// ---- The working set, the agendas and the case rows -------------------------------------

/** What a case's projection writes onto its contact (activities/projection.ts). */
export interface ProjectedFields {
  projectionSeq: number;
  stage: string;
  rating?: string;
  breached?: boolean;
  decisionDueAt?: Date;
  meetingDate?: string;
  leadAgency?: string;
  outcome?: string;
  statutoryDeadlineMissed?: boolean;
  recontact?: boolean;
  repeatReferral?: boolean;
  closedAt?: Date;
  status?: Partial<CaseStatus>;
}

/**
 * The contact's fields a projection of the workflow's state sets (undefined: removed),
 * `seq` the workflow's event sequence: what the case's row, its open document and its
 * agenda entry are then derived from (`workingSetOf`), live and in a rebuild from the contact.
 */
export function contactProjectionOf(seq: number, status: CaseStatus): ProjectedFields & Record<string, unknown> {
  const current = status.decisions.at(-1);
  const live = status.allocations.at(-1);
  return {
    projectionSeq: seq,
    stage: status.stage,
    rating: status.rating,
    breached: status.breached,
    statutoryDeadlineMissed: status.statutoryDeadlineMissed ?? false,
    decisionDueAt: status.decisionDueAt ? new Date(status.decisionDueAt) : undefined,
    meetingDate: status.meeting?.date,
    leadAgency: live?.leadAgency ?? current?.leadAgency,
    outcome: status.outcome,
    recontact: status.recontact,
    repeatReferral: status.repeatReferral,
    closedAt: status.closedAt ? new Date(status.closedAt) : undefined,
    status,
  };
}

/** The fields of a case's row its contact holds from intake (the incident type as updates left it). */
export const contactRowFields = { receivedAt: 1, source: 1, incidentType: 1, postcodeDistrict: 1, ageBands: 1 } as const;
export type ContactRowFields = Partial<Record<keyof typeof contactRowFields, unknown>>;

/** The contact's fields the working set is derived from: what the rebuild reads of each contact. */
export const workingSetFields = {
  ...contactRowFields,
  projectionSeq: 1, stage: 1, rating: 1, breached: 1, statutoryDeadlineMissed: 1, recontact: 1, repeatReferral: 1, decisionDueAt: 1, meetingDate: 1, leadAgency: 1, outcome: 1, closedAt: 1, status: 1,
} as const;

/**
 * A case's row (case-rows.ts), the one place its fields are written out: what its contact
 * holds from intake, and what its projection says.
 */
export function caseRowOf(caseId: string, contact: ContactRowFields, f: ProjectedFields): CaseRow {
  const { stage, rating, breached, statutoryDeadlineMissed, decisionDueAt, leadAgency, outcome, recontact, closedAt } = f;
  const repeatReferral = f.repeatReferral ?? f.status?.repeatReferral;
  const decidedAt = f.status?.decidedAt ? new Date(f.status.decidedAt) : undefined;
  const ageBands = Array.isArray(contact.ageBands) && contact.ageBands.length ? contact.ageBands : undefined;
  // Each child's outcome in the decision in force (the last authorised): what the figures count per child.
  const inForce = outcome ? f.status?.decisions?.filter((d) => d.status === 'authorised').at(-1) : undefined;
  const childOutcomes = inForce?.childDecisions?.length ? inForce.childDecisions.map((c) => c.outcome) : undefined;
  return rowOf({ ...contact, ageBands, caseId, stage, rating, breached, statutoryDeadlineMissed: statutoryDeadlineMissed ?? false, decisionDueAt, leadAgency, outcome, recontact, repeatReferral, decidedAt, closedAt, childOutcomes });
}

/** Not closed, or closed with its outcome never taken by the force's system (a queue of its own). */
export const needsSomeone = (f: Pick<ProjectedFields, 'stage' | 'status'>): boolean =>
  f.stage !== 'closed' || f.status?.policeFeedback?.status === 'failed';

/**
 * The open document of a case: the fields the queues filter and sort on and its row for
 * the case list and the figures, nothing personal. Flat, scalars and an array of strings
 * only: FerretDB rebuilds a nested document field by field, and the working set is read
 * whole by every list, so nesting the state's parts made each read three times slower.
 * `partnerRequests` holds `agency:status` of each information request.
 */
export function openCaseOf(caseId: string, f: ProjectedFields, row: CaseRow): Record<string, unknown> {
  const s = f.status;
  const { caseId: _, ...rowFields } = row;
  const doc = {
    _id: caseId,
    ...rowFields,
    projectionSeq: f.projectionSeq,
    meetingDate: f.meetingDate,
    policeFeedbackStatus: s?.policeFeedback?.status,
    partnerRequests: (s?.partnerInformation ?? []).map((r) => `${r.agency}:${r.status}`),
    strategyDiscussionHeld: s?.strategyDiscussion ? true : undefined,
    // s47 enquiry: the conference's deadline, for the conferences-due queue's order.
    conferenceDueAt: s?.strategyDiscussion?.conferenceDueAt,
    leadAgencies: liveLeadAgencies(s),
  };
  return Object.fromEntries(Object.entries(doc).filter(([, v]) => v !== undefined));
}

/** What a case as projected puts in the working set, on an agenda and among the closed rows. */
export interface WorkingSetOfCase {
  /** Its open document, or null once nobody needs it. */
  open: Record<string, unknown> | null;
  /**
   * The meetings whose agendas it is on, so on their minutes: the one it is set for, each
   * it was carried over from, and each whose register a decision of it took (a case the
   * panel took at the meeting before its own: the decision is on that meeting's minutes).
   */
  agendaDates: string[];
  /** Its row, kept for good in its month's log once closed. */
  closedRow?: CaseRow;
}

/**
 * `f`: the case as projected onto its contact. A contact recorded but not projected yet
 * (`projectionSeq` 0: its workflow's first step still to come) is in none of them.
 */
export function workingSetOf(caseId: string, f: ProjectedFields, contact: ContactRowFields): WorkingSetOfCase {
  if (!f.projectionSeq) return { open: null, agendaDates: [] };
  const row = caseRowOf(caseId, contact, f);
  const decidedAtMeetings = (f.status?.decisions ?? []).map((d) => d.meetingDate);
  const agendaDates = [...new Set([f.meetingDate, ...(f.status?.carriedOverFrom ?? []), ...decidedAtMeetings])].filter((d): d is string => !!d);
  return {
    open: needsSomeone(f) ? openCaseOf(caseId, f, row) : null,
    agendaDates,
    closedRow: f.stage === 'closed' ? row : undefined,
  };
}

// ---- Annex A ---------------------------------------------------------------------------

const YEAR = 365 * 86_400_000;

/**
 * A closed case's document for Annex A: `children` as the contact gave them (packed), and
 * for a referral (`referral`: the case's, or null when none was recorded) what List 3 adds,
 * as the list worked it out from the records: dated by the referral (else the decision,
 * else receipt), NFA when withdrawn, the allocation accepted or requested last (its lead
 * professional's team, else its agency), the factors of the decision in force, and each
 * child's count from their history (`histories`, by person id).
 */
export function annexACaseOf(
  caseId: string,
  contact: { receivedAt: Date; status?: Partial<CaseStatus> | null },
  children: readonly string[],
  referral: { referredAt: Date; status?: string | null } | null | undefined,
  histories: ReadonlyMap<string, PersonHistory> | null,
): AnnexACase {
  const doc: AnnexACase = { _id: caseId, month: monthOf(contact.receivedAt), children: [...children] };
  if (!histories) return doc;
  const s = contact.status ?? {};
  const referredAt = new Date(referral?.referredAt ?? s.decidedAt ?? contact.receivedAt);
  const decision = [...(s.decisions ?? [])].reverse().find((d) => d.status === 'authorised');
  const allocation = [...(s.allocations ?? [])].reverse().find((a) => a.status === 'accepted' || a.status === 'requested');
  const inYear = (personId: string) =>
    [...(histories.get(personId)?.referrals.values() ?? [])].filter((x) => !x.withdrawn && +x.referredAt <= +referredAt && +x.referredAt > +referredAt - YEAR).length;
  return {
    ...doc,
    referredAt,
    withdrawn: referral?.status === 'withdrawn',
    team: allocation ? (allocation.leadProfessional?.team ?? allocation.leadAgency) : '',
    worker: allocation?.leadProfessional?.name ?? '',
    factors: (decision?.factors ?? []).join(','),
    referralsInYear: children.map((packed) => inYear(packed.split('|')[0])),
  };
}

/** The months (of receipt) of a person's contacts: where a correction of them is noted for Annex A. */
export const annexACorrectionMonths = (history: PersonHistory): string[] => [...new Set([...history.contacts.values()].map((at) => monthOf(new Date(at))))];
