// The rebuild (`npm run rebuild`, shared/db/rebuild.ts) against the suite's FerretDB: a
// database seeded through the store's live write paths (intake, projections, a referral,
// the audit trail, a disclosure, the outbox, a meeting's register) has read models equal,
// document for document, to what the rebuild derives from its records with the same
// projector; a second rebuild changes nothing; and a read model deleted, or left half
// written by a rebuild killed part way, is restored.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createActivities, type Activities } from '../../activities/index.js';
import type { CaseStatus, NotificationReceipt } from '../../shared/case/state.js';
import { loadPolicy } from '../../shared/config.js';
import { connectDatabase } from '../../shared/db/connect.js';
import type { Models } from '../../shared/db/models.js';
import { createStore, rebuildDatabase, type Store } from '../../shared/db/store.js';
import { receivedCase } from '../../workflows/case-record.js';
import { parsedNotification } from '../support/fixtures.js';

/** The read models and whether the live path writes each whole (`closed_case_months` is gathered by readers, when they read). */
const readModels = ['person_keys', 'person_history_entries', 'audit_logs', 'outbox_logs', 'meeting_registers', 'open_cases', 'agenda_entries', 'closed_case_rows', 'annex_a_cases', 'annex_a_corrections'];
const gathered = 'closed_case_months';

let uri: string;
let conn: Awaited<ReturnType<typeof connectDatabase>>['conn'];
let models: Models;
let store: Store;
let acts: Activities;
let steppedCase: string;
const policy = loadPolicy();
const family = `Rebuild${Date.now()}`;
const day = (d: number, h = 9) => new Date(Date.UTC(2027, 5, d, h)).toISOString();
const actor = { id: 'u-rebuild', name: 'Test Manager', role: 'front_door_manager', agency: 'front_door' } as const;
const receipt: NotificationReceipt = { action: 'notification.submit', actor: { id: 'police-system:HUM', name: 'HUM', role: 'police_system', agency: 'police', force: 'HUM' }, resource: 'POST /api/v1/notifications', outcome: 202 };

const status = (caseId: string, receivedAt: string, stage: CaseStatus['stage'], more: Partial<CaseStatus> = {}): CaseStatus => ({
  caseId, stage, forceCode: 'HUM', policeReference: 'X', incidentType: 'domestic_abuse', receivedAt,
  ratingHistory: [], breached: false, escalations: [], partnerInformation: [], decisions: [], allocations: [], policeFeedback: { status: 'not_due' },
  ...more,
});

/** A contact about the family, received on day `d` of June 2027 (the first child given an NHS number from `withNhs` on). */
async function receive(d: number, withNhs = false): Promise<string> {
  const { n, caseId } = parsedNotification((x) => {
    x.children = x.children.map((c: object, i: number) => ({ ...c, familyName: family, ...(withNhs && i === 0 ? { nhsNumber: '9434765919' } : {}) }));
    x.adults = (x.adults ?? []).map((a: object) => ({ ...a, familyName: family }));
  });
  const receivedAt = day(d);
  const received = receivedCase({ caseId, forceCode: n.force.code, policeReference: n.policeReference, incidentType: n.incident.type, receivedAt, maracReferralRequired: false });
  await acts.receiveContact({ caseId, receivedAt, notification: n, received, seq: 1, at: receivedAt, workflowRunId: `run-${caseId}`, receipt });
  return caseId;
}

const project = (caseId: string, seq: number, s: CaseStatus) => acts.recordCaseEvent({ caseId, seq, event: { type: `step_${seq}`, at: s.receivedAt }, status: s });

/** Every document of each collection named, by `_id`. */
async function snapshot(m: Models, names = readModels): Promise<Record<string, unknown[]>> {
  const db = m.Contact.db.db!;
  return Object.fromEntries(await Promise.all(names.map(async (name) => [name, await db.collection(name).find({}).sort({ _id: 1 }).toArray()] as const)));
}

/** Each agenda log's cases in the order logged, those still set for that meeting alone (as `meetingAgenda` reads them). */
async function standingAgendas(docs: unknown[]): Promise<Record<string, string[]>> {
  const agendas: Record<string, string[]> = {};
  for (const d of (docs as { key: string; n?: number; caseId?: string }[]).filter((e) => e.n !== undefined).sort((a, b) => a.n! - b.n!)) {
    const contact = await store.readContact<{ meetingDate?: string }>(d.caseId!, { meetingDate: 1 });
    if (contact?.meetingDate === d.key) (agendas[d.key] ??= []).push(d.caseId!);
  }
  return agendas;
}

beforeAll(async () => {
  uri = `${inject('mongoBaseUri')}t_rebuild_${Date.now()}`;
  ({ conn, models } = await connectDatabase(uri));
  store = createStore(models);
  acts = createActivities({ store, policy });
  // Six contacts about one family (each child's log longer than a first read: it keeps an
  // end hint), a referral made after the second, the first child's NHS number first given
  // in the third (a known person widened: a key document of their own).
  const cases: string[] = [];
  for (let d = 1; d <= 6; d++) {
    cases.push(await receive(d, d >= 3));
    if (d === 2) await acts.recordReferral({ caseId: cases[1], outcome: 'social_care_assessment_s17', decisionVersion: 1, referredAt: day(2, 15) });
  }
  // Cases set for meetings in the order received; two closed, in the order of closing.
  await project(cases[1], 2, status(cases[1], day(2), 'awaiting_decision', { meeting: { date: '2027-06-08', startsAt: day(8, 10), immediate: false }, rating: 'amber' }));
  await project(cases[3], 2, status(cases[3], day(4), 'awaiting_decision', { meeting: { date: '2027-06-08', startsAt: day(8, 10), immediate: false } }));
  await project(cases[0], 2, status(cases[0], day(1), 'closed', { outcome: 'early_help', closedAt: day(7) }));
  await project(cases[2], 2, status(cases[2], day(3), 'closed', { outcome: 'no_further_action', closedAt: day(9), policeFeedback: { status: 'failed' } }));
  // A person's step, audited by the activity that records its event (run twice: a retry).
  const step = { caseId: cases[3], seq: 3, event: { type: 'decision_recorded', at: day(9, 12), reason: 'said in the step' }, status: status(cases[3], day(4), 'awaiting_authorisation') };
  const stepAudit = { action: 'case.decision.record', actor: { ...actor }, resource: 'POST /api/v1/cases/:id/decision', outcome: 200 };
  for (let run = 0; run < 2; run++) await acts.recordCaseEvent({ ...step, audit: stepAudit });
  steppedCase = cases[3];
  // The audit trail, a disclosure, the outbox and a meeting's register, each later than the last.
  await store.appendAudit([{ at: new Date(day(10)), actor, action: 'case.read', caseId: cases[0] }, { at: new Date(day(10, 10)), actor, action: 'agenda.read' }]);
  await store.recordDisclosure(`${cases[0]}:v1`, { at: new Date(day(11)), action: 'disclosure.police_feedback', caseId: cases[0], outcome: 200 });
  for (let i = 0; i < 4; i++) {
    const agency = i % 2 ? 'health' : 'education';
    await store.postToOutbox({ _id: `${cases[i]}:v1`, agency, caseId: cases[i], decisionVersion: 1, outcome: 'early_help', decidedAt: new Date(day(12)), postedAt: new Date(day(12, 10 + i)) });
  }
  for (const [i, key] of ['opened', 'AT-B', 'AT-A'].entries()) {
    const at = new Date(day(8, 10 + i));
    const kind = key === 'opened' ? 'opened' : 'attendee';
    await store.insertMeetingRecord({ _id: kind === 'opened' ? '2027-06-08:opened' : `2027-06-08:attendee:${key}`, date: '2027-06-08', kind, at, person: { name: `Test ${key}`, agency: 'police' }, recordedBy: actor, recordedAt: at });
  }
  // The first child's ethnicity corrected: noted for Annex A in the month of their contacts.
  const [childId] = (await store.readContact<{ childPersonIds: string[] }>(cases[0], { childPersonIds: 1 }))!.childPersonIds;
  await store.recordRectification(childId, { at: new Date(day(13)), field: 'ethnicity', value: 'MWBA', actor, reason: 'told by the parent' });
});
afterAll(async () => conn?.close());

describe("a step's audit entry", () => {
  it('is written once by the activity that records the step, naming its timeline entry, with nothing said copied', async () => {
    const entries = (await store.readWholeAuditOfCase(steppedCase)).filter((e) => e.action === 'case.decision.record');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ timelineEntry: `${steppedCase}:00003`, caseId: steppedCase, outcome: 200 });
    expect(entries[0].reason).toBeUndefined();
    expect(await models.Audit.countDocuments({ caseId: steppedCase, action: 'case.decision.record' })).toBe(1);
  });
});

describe('the rebuild', () => {
  it('derives from the records the read models the live writers wrote, document for document, and a second rebuild changes nothing', async () => {
    const live = await snapshot(models);
    // Something of each read model was written live (an empty one would prove nothing).
    for (const name of readModels) expect(live[name].length, name).toBeGreaterThan(0);
    expect(live.person_history_entries.filter((d) => String((d as { _id: string })._id).endsWith('@end')).length).toBeGreaterThan(0);
    const period = [new Date(day(1, 0)), new Date(day(30, 0))] as const;
    const rowsBefore = await store.readCaseRows(...period);

    const counts = await rebuildDatabase(uri);
    const rebuilt = await snapshot(models);
    for (const name of readModels.filter((n) => n !== 'agenda_entries')) expect(rebuilt[name], name).toEqual(live[name]);
    // A case moved to another meeting stays in the first one's log (insert-only), which its
    // readers leave out; the rebuild puts each case on the meeting its contact names alone.
    expect(await standingAgendas(rebuilt.agenda_entries)).toEqual(await standingAgendas(live.agenda_entries));
    expect(rebuilt.agenda_entries.length).toBeLessThan(live.agenda_entries.length);
    expect(counts).toMatchObject(Object.fromEntries(readModels.filter((n) => n !== 'agenda_entries').map((name) => [name, live[name].filter((d) => !String((d as { _id: string })._id).endsWith('@end')).length])));
    const sortById = (rows: { caseId: string }[]) => [...rows].sort((a, b) => (a.caseId < b.caseId ? -1 : 1));
    expect(sortById(await store.readCaseRows(...period))).toEqual(sortById(rowsBefore));

    const first = await snapshot(models, [...readModels, gathered]);
    expect(first[gathered].length).toBe(1);
    await rebuildDatabase(uri);
    expect(await snapshot(models, [...readModels, gathered])).toEqual(first);
  });

  it('restores a read model deleted, and one a rebuild killed part way left half written', async () => {
    const whole = await snapshot(models, [...readModels, gathered]);
    const db = models.Contact.db.db!;
    await db.collection('person_history_entries').drop();
    await db.collection('open_cases').deleteMany({});
    // Half of the audit logs' slots, and a month's rows gathered from none of them.
    const audit = whole.audit_logs as { _id: string }[];
    await db.collection('audit_logs').deleteMany({ _id: { $in: audit.filter((_, i) => i % 2).map((d) => d._id) } as never });
    await db.collection(gathered).updateMany({}, { $set: { upto: 0, rows: '[]' } });
    await rebuildDatabase(uri);
    expect(await snapshot(models, [...readModels, gathered])).toEqual(whole);
  });

  it('leaves the store working: an intake after it finds the family and appends after the rebuilt slots', async () => {
    const caseId = await receive(20, true);
    const contact = await store.readContact<{ recontact: boolean; earlierContactIds: string[]; childPersonIds: string[] }>(caseId, { status: 1, childPersonIds: 1, recontact: 1 });
    expect(contact?.recontact).toBe(true);
    const entries = await store.readChildHistoryEntries(contact!.childPersonIds[0]);
    expect(entries.filter((e) => e.kind === 'contact')).toHaveLength(7);
    expect(entries.at(-1)).toMatchObject({ kind: 'contact', caseId });
  });
});
