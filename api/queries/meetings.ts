// Reads of the daily PIT Stop meeting: its records (opened, register, closed) and what
// its minutes are made from: the cases on that meeting's agenda (the agenda query, as it
// is) and the children each notification names.
import type { Agency } from '../../shared/codes.js';
import type { FrontDoorPolicy } from '../../shared/config.js';
import { meetingRecordIds, type Store } from '../../shared/db/store.js';
import { normaliseName, stableId } from '../../shared/ids.js';
import { localDate } from '../../shared/working-time.js';
import type { ContactRecord, NotificationRecord, ReferralFormRecord } from './records.js';
import { meetingAgenda } from './work.js';

export interface MeetingPersonRecord {
  name: string;
  agency: Agency;
}

/** Who recorded a part of the meeting: from their credentials. */
export interface RecorderRecord {
  id: string;
  name: string;
  role: string;
  agency: string;
}

export interface MeetingRecordDoc {
  _id: string;
  date: string;
  kind: 'opened' | 'attendee' | 'closed';
  at: Date;
  person?: MeetingPersonRecord;
  recordedBy: RecorderRecord;
  recordedAt: Date;
}

/** One meeting's records. */
export interface MeetingRecords {
  date: string;
  opened?: MeetingRecordDoc;
  closed?: MeetingRecordDoc;
  attendees: MeetingRecordDoc[];
}

/** The deterministic ids of a meeting's records (the store's). */
export { meetingRecordIds };

/** The same person for the same agency is one line on the register, however their name is typed. */
export function attendeeKey(person: { name: string; agency: Agency }): string {
  const name = normaliseName(person.name) || person.name.trim().toLowerCase();
  return stableId('AT', `${person.agency}|${name}`);
}

/** Opened or closed, read by `_id` (the one read FerretDB answers from its index). */
export function meetingMark(store: Store, date: string, kind: 'opened' | 'closed'): Promise<MeetingRecordDoc | null> {
  return store.readMeetingRecord<MeetingRecordDoc>(meetingRecordIds[kind](date));
}

/** Every record of one meeting (read by `_id`: shared/db/store-meetings.ts). */
export async function meetingRecords(store: Store, date: string): Promise<MeetingRecords> {
  const docs = await store.readMeetingRecords<MeetingRecordDoc>(date);
  return {
    date,
    opened: docs.find((d) => d.kind === 'opened'),
    closed: docs.find((d) => d.kind === 'closed'),
    attendees: docs.filter((d) => d.kind === 'attendee').sort((a, b) => +a.recordedAt - +b.recordedAt || a._id.localeCompare(b._id)),
  };
}

/** A child as a notification or a referral form names them. */
export type ChildGiven = NotificationRecord['payload']['children'][number] | ReferralFormRecord['payload']['children'][number];

/** A case on the meeting's agenda with the notification's children, for the minutes. */
export interface MinutesCase {
  contact: ContactRecord;
  /** The notification's children; a contact from anyone but the police: its referral form's. */
  children: readonly ChildGiven[];
}

/**
 * The minutes are a stable record of the meeting: every case that was going to it when it
 * met, whatever happened since. So beside the cases still set for it, a case carried over
 * from it (not reached) and a case decided at it and since moved (returned by a manager,
 * re-rated, allocation declined) stay on its minutes.
 */
const onTheMinutes = (timeZone: string) => (c: ContactRecord & { meetingDate?: string }, date: string): boolean =>
  c.meetingDate === date ||
  (c.status?.carriedOverFrom ?? []).includes(date) ||
  decisionsOn(c.status?.decisions ?? [], date, timeZone).length > 0;

/** The decisions recorded on a meeting's date (local time): the meeting's own. */
export function decisionsOn<D extends { recordedAt: string }>(decisions: readonly D[], date: string, timeZone: string): D[] {
  return decisions.filter((d) => localDate(Date.parse(d.recordedAt), timeZone) === date);
}

/** What the minutes are made of: the meeting's records and its agenda, red first. */
export async function meetingMinutes(
  ctx: { store: Store; policy: FrontDoorPolicy },
  date: string,
): Promise<{ records: MeetingRecords; meetingTime: string; cases: MinutesCase[] }> {
  const [records, agenda] = await Promise.all([meetingRecords(ctx.store, date), meetingAgenda(ctx, date, onTheMinutes(ctx.policy.calendar.timeZone))]);
  // One `_id` read per case the first time (the agenda of one meeting is tens of cases, not
  // thousands); none after: what a notification or a form named never changes.
  const given = await ctx.store.readChildrenGiven<ChildGiven>(agenda.cases.map((c) => ({ caseId: c._id, form: c.source !== undefined && c.source !== '6' })));
  const cases = agenda.cases.map((contact) => ({ contact, children: given.get(contact._id) ?? [] }));
  return { records, meetingTime: agenda.meetingTime, cases };
}
