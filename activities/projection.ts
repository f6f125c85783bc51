// The case's records: its append-only timeline, the projection of the workflow's state
// onto the contact (what lists, queues and figures read), and what partners shared.
import { ApplicationFailure } from '@temporalio/activity';
import type { CaseActivities } from '../shared/case/activities.js';
import type { CaseStatus, TimelineEventInput } from '../shared/case/state.js';
import { agencies } from '../shared/codes.js';
import { contactProjectionOf, type Store } from '../shared/db/store.js';
import { projectedByUpdates } from './notification-update.js';

export interface CaseEventInput {
  caseId: string;
  seq: number;
  event: TimelineEventInput;
  status: CaseStatus;
}

/** A timeline entry's `_id`: the case and the workflow's event sequence. */
export const timelineEntryId = (caseId: string, seq: number) => `${caseId}:${String(seq).padStart(5, '0')}`;

/** One event on the timeline, keyed by the workflow's event sequence: a retry inserts nothing (false). */
function insertTimelineEvent(store: Store, { caseId, seq, event }: CaseEventInput): Promise<boolean> {
  return store.insertTimelineEvent({
    _id: timelineEntryId(caseId, seq),
    caseId,
    seq,
    type: event.type,
    at: new Date(event.at),
    actor: event.actor,
    reason: event.reason,
    details: event.details,
  });
}

/**
 * Appends the event to the timeline and projects the state onto the contact; `contact`:
 * the contact as intake records it, inserted with its first projection in one write
 * when it is not there yet. An older projection never overwrites a newer one. True when
 * this call inserted the contact: no earlier run of this intake got so far.
 *
 * The guard is read by `_id`, then the contact written by `_id` alone: FerretDB answers
 * only an `_id` equality from its index, and an update filtered on `_id` and the sequence
 * scanned the whole contacts collection whenever it matched nothing (measured: 120 ms at
 * 300 contacts, growing with every contact kept). Reading first is safe because a case's
 * projections have one writer, its own workflow, which writes them one after another
 * (workflows/case-record.ts, `persist`): nothing can come between the read and the write.
 *
 * `alongside`: what the step writes besides, once its event is on the timeline, at the
 * same time as the projection; told whether this call inserted the event (if so, no
 * earlier run of the step got further than the event).
 */
export async function projectCase(
  store: Store,
  input: CaseEventInput,
  contact?: Record<string, unknown>,
  /** Written once the event and the contact are in, beside the projection (`inserted`: this run inserted the contact). */
  alongside?: (eventInserted: boolean, inserted: boolean) => Promise<unknown>,
): Promise<boolean> {
  const { caseId, seq, status } = input;
  // The contact's projected fields, from which its row and open document are derived (shared/db/projector.ts).
  const fields = contactProjectionOf(seq, status);
  // A field the case no longer has (an outcome cleared by a declined allocation) is
  // removed, not left as it was: mongoose drops undefined values from $set.
  const $set = { ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)), ...projectedByUpdates(status) };
  const $unset = Object.fromEntries(Object.keys(fields).filter((k) => fields[k] === undefined).map((k) => [k, 1]));
  // Not inserted: a retry of an intake whose first run recorded the contact, projected below.
  const insertContact = () => store.insertContact({ _id: caseId, ...contact, ...$set });
  // A later step reads the guard (and the fields the case's row takes from the contact) with its event's insert.
  const [eventInserted, inserted, read] = await Promise.all([insertTimelineEvent(store, input), contact ? insertContact() : false, contact ? null : store.readProjected(caseId)]);
  const [, contactInserted] = await Promise.all([alongside?.(eventInserted, inserted), project(inserted, read)]);
  return contactInserted;

  async function project(inserted: boolean, read: Record<string, unknown> | null): Promise<boolean> {
    let recorded: Record<string, unknown> | null = inserted ? { ...contact, ...$set } : read;
    let newer = false;
    if (!inserted) {
      if (contact) recorded = await store.readProjected(caseId);
      newer = recorded !== null && (recorded.projectionSeq as number) < seq;
      if (newer) await store.updateContact(caseId, $set, $unset as Record<string, 1>);
    }
    // What the agenda, the queues, the case list and the figures read (shared/db/working-set.ts).
    // A contact this call inserted is the case's first write of all: a retry finds it there.
    await store.recordInWorkingSet(caseId, fields, { ...recorded, ...projectedByUpdates(status) }, inserted, newer);
    return inserted;
  }
}

export function projectionActivities(store: Store): Pick<CaseActivities, 'recordCaseEvent' | 'recordPartnerInformation'> {
  return {
    /**
     * Appends one event to the case timeline and projects the workflow's state onto the
     * contact. Keyed by the workflow's event sequence: a retry writes nothing new, and an
     * older projection never overwrites a newer one.
     */
    async recordCaseEvent({ audit, ...input }) {
      // The step's alteration in the audit trail, by the step that made it: keyed by its
      // timeline entry (written once however often this runs), to which it refers instead
      // of copying what the step said. Written once the entry is there, beside the
      // projection; unread first when this run inserted the entry (no earlier run got further).
      const timelineEntry = timelineEntryId(input.caseId, input.seq);
      const auditStep = (eventInserted: boolean) =>
        store.appendAuditOnce(`event:${timelineEntry}`, { ...audit!, at: new Date(input.event.at), caseId: input.caseId, timelineEntry }, eventInserted);
      await projectCase(store, input, undefined, audit ? auditStep : undefined);
    },

    /** Keeps what an agency knows; a late answer is kept all the same. */
    async recordPartnerInformation(input) {
      if (!agencies.includes(input.agency)) throw ApplicationFailure.nonRetryable(`unknown agency ${input.agency}`);
      await store.recordPartnerInformation(`${input.caseId}:${input.agency}:${input.seq}`, {
        caseId: input.caseId,
        agency: input.agency,
        submittedBy: input.actor,
        submittedAt: new Date(input.at),
        late: input.late,
        information: input.information,
      });
    }
  };
}
