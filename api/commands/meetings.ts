// The daily PIT Stop meeting as a record: opened by its chair at its start, its register
// taken (who attended, for which agency), closed at its end.
//
// Why insert-only documents and not one `meetings` document updated in place: FerretDB v1
// (the embedded default) has no atomic read-modify-write, so two panel members adding
// attendees to one document at the same moment could lose one of them, `$push` or not.
// Each part of the meeting is therefore its own document with a deterministic `_id`
// (`DATE:opened`, `DATE:closed`, `DATE:attendee:KEY`), inserted once and never updated:
// the unique `_id` is the one atomic operation FerretDB has, so concurrent additions each
// land, the same person added twice is one entry, and a retry writes nothing new. A
// meeting is opened once and closed once for the same reason (the second, different
// opening loses the insert and is answered 409). No workflow is needed: the meeting has
// no timers and no steps that depend on one another beyond "opened before closed", which
// these inserts check. What it costs: an attendee added in the very instant the meeting
// closes may land just after the close (each entry keeps when it was added).
import type { Agency } from '../../shared/codes.js';
import { localDate } from '../../shared/working-time.js';
import { receiptOf, type Caller } from '../audit.js';
import type { ApiContext } from '../context.js';
import { problems } from '../errors.js';
import { attendeeKey, meetingMark, meetingRecordIds, meetingRecords, type MeetingRecordDoc, type MeetingRecords } from '../queries/meetings.js';
import type { MeetingClosing, MeetingOpening, RegisterAddition } from '../schemas/meetings.js';

/** Clocks differ a little between a panel member's device and the server. */
const CLOCK_SKEW_MS = 5 * 60_000;

const recorderOf = (caller: Caller) => {
  const p = caller.principal;
  return { id: p.id, name: p.name, role: p.role, agency: p.agency };
};

export type MeetingStep = 'meeting.open' | 'meeting.register.add' | 'meeting.close';

/**
 * Inserts a record once; false when it was already there (a repeat, or another's insert).
 * The step's audit entry is written with the record, keyed by it: a change is never on
 * record without its entry, and a repeat writes it once (the chair put on the register by
 * the opening is the opening's, with no entry of its own).
 */
const insertRecord = (ctx: ApiContext, doc: MeetingRecordDoc, caller?: Caller, action?: MeetingStep): Promise<boolean> =>
  ctx.store.insertMeetingRecord(doc, caller && action ? { ...receiptOf(caller, action, 200), at: doc.recordedAt } : undefined);

const notOpened = (date: string) =>
  problems.meetingConflict(`the meeting of ${date} has not been opened: open it with its chair first`, [
    { path: 'params.date', message: 'the meeting has not been opened' },
  ]);

function notInFuture(at: Date, path: string, now: number) {
  if (+at > now + CLOCK_SKEW_MS) {
    throw problems.ruleViolation(`${at.toISOString()} is in the future`, [{ path, message: 'must not be in the future' }]);
  }
}

export async function openMeeting(ctx: ApiContext, caller: Caller, date: string, body: MeetingOpening): Promise<MeetingRecords> {
  const now = Date.now();
  const startedAt = new Date(body.startedAt ?? now);
  const started = localDate(startedAt, ctx.policy.calendar.timeZone);
  if (started !== date) {
    throw problems.ruleViolation(`the meeting of ${date} starts on that day (local time), not on ${started}`, [
      { path: 'body.startedAt', message: `must be on ${date}, local time` },
    ]);
  }
  notInFuture(startedAt, 'body.startedAt', now);
  const opening: MeetingRecordDoc = {
    _id: meetingRecordIds.opened(date), date, kind: 'opened', at: startedAt, person: body.chair, recordedBy: recorderOf(caller), recordedAt: new Date(now),
  };
  if (!(await insertRecord(ctx, opening, caller, 'meeting.open'))) {
    // Opened already: a repeat of the same opening is answered as it was; another is refused.
    const existing = (await meetingMark(ctx.store, date, 'opened'))!;
    const sameChair = existing.person && attendeeKey(existing.person) === attendeeKey(body.chair);
    const sameStart = body.startedAt === undefined || +existing.at === +startedAt;
    if (!sameChair || !sameStart) {
      throw problems.meetingConflict(`the meeting of ${date} was opened already, at ${existing.at.toISOString()}`, [
        { path: 'params.date', message: 'the meeting has been opened already' },
      ]);
    }
  }
  // The chair is at the meeting: on the register (again on a repeat, should it have failed in between).
  await insertRecord(ctx, attendeeDoc(date, body.chair, caller, new Date(now)));
  return meetingRecords(ctx.store, date);
}

function attendeeDoc(date: string, person: { name: string; agency: Agency }, caller: Caller, at: Date): MeetingRecordDoc {
  return {
    _id: meetingRecordIds.attendee(date, attendeeKey(person)),
    date, kind: 'attendee', at, person: { name: person.name, agency: person.agency }, recordedBy: recorderOf(caller), recordedAt: at,
  };
}

export async function addAttendees(ctx: ApiContext, caller: Caller, date: string, body: RegisterAddition): Promise<MeetingRecords> {
  const [opened, closed] = await Promise.all([meetingMark(ctx.store, date, 'opened'), meetingMark(ctx.store, date, 'closed')]);
  if (!opened) throw notOpened(date);
  if (closed) {
    throw problems.meetingConflict(`the meeting of ${date} closed at ${closed.at.toISOString()}: its register is final`, [
      { path: 'params.date', message: 'the meeting has closed' },
    ]);
  }
  const now = new Date();
  // One insert per person: each lands on its own, whoever else is adding at the same moment.
  await Promise.all(body.attendees.map((person) => insertRecord(ctx, attendeeDoc(date, person, caller, now), caller, 'meeting.register.add')));
  return meetingRecords(ctx.store, date);
}

export async function closeMeeting(ctx: ApiContext, caller: Caller, date: string, body: MeetingClosing): Promise<MeetingRecords> {
  const now = Date.now();
  const opened = await meetingMark(ctx.store, date, 'opened');
  if (!opened) throw notOpened(date);
  const endedAt = new Date(body.endedAt ?? now);
  if (+endedAt <= +opened.at) {
    throw problems.ruleViolation(`the meeting started at ${opened.at.toISOString()}: it cannot end before`, [
      { path: 'body.endedAt', message: 'must be after the meeting started' },
    ]);
  }
  notInFuture(endedAt, 'body.endedAt', now);
  const closing: MeetingRecordDoc = {
    _id: meetingRecordIds.closed(date), date, kind: 'closed', at: endedAt, recordedBy: recorderOf(caller), recordedAt: new Date(now),
  };
  if (!(await insertRecord(ctx, closing, caller, 'meeting.close'))) {
    const existing = (await meetingMark(ctx.store, date, 'closed'))!;
    if (body.endedAt !== undefined && +existing.at !== +endedAt) {
      throw problems.meetingConflict(`the meeting of ${date} closed already, at ${existing.at.toISOString()}`, [
        { path: 'params.date', message: 'the meeting has closed already' },
      ]);
    }
  }
  return meetingRecords(ctx.store, date);
}
