// Retention and erasure (shared/retention.ts, activities/retention.ts): legal holds, the
// record of each case erased, and the erasure itself, every read and delete by `_id`.
// A case's records are found from the case id alone: its contact, notification and form
// by the id, its versions, police feedback and outbox entries `${caseId}:v${n}` from 1 (or
// 2) until one is missing, its timeline `${caseId}:${seq}` as a run, the partners'
// contributions named by the timeline. A child erased with their last case loses their
// person record, the key documents that name them (their `_id` holds the name and date of
// birth), their history log and their details' corrections. Annex A's copy of the case
// and its notes of corrected children go too (store-annex-a.ts).
import { logLength, readRun, slotId } from './keyed-log.js';
import { endHintId } from './log-back.js';
import { insertOnce, readById, type Models } from './models.js';
import { personKeyId } from './projector.js';
import { contactMonthsOf, eraseAnnexA } from './store-annex-a.js';
import { monthOf } from './case-rows.js';

export type HoldScope = 'case' | 'person';
const holdId = (scope: HoldScope, id: string) => `${scope}:${id}`;

/** `${caseId}:v${n}` from `first` until one is missing. */
const versioned = (caseId: string) => (n: number) => `${caseId}:v${n + 1}`;

export function retentionStore(models: Models) {
  const { Contact, Notification, NotificationVersion, ReferralForm, Referral, PoliceFeedback, Timeline, PartnerInformation, Person, PersonKey, PersonHistoryEntry, PersonRectification, PersonLink, LegalHold, Erasure } = models;
  const ReferrerOutbox = models.OutboxEntry;

  /** Deletes each id given from the model; how many were there. */
  const deleteIds = async (model: { deleteOne(f: object): { exec(): Promise<{ deletedCount?: number }> } }, ids: readonly string[]) => {
    let n = 0;
    for (const _id of ids) n += (await model.deleteOne({ _id }).exec()).deletedCount ?? 0;
    return n;
  };
  const idsOfRun = async (model: Parameters<typeof readRun>[0], idAt: (n: number) => string, from = 0) =>
    (await readRun<{ _id: string }>(model, idAt, from)).map((d) => String(d._id));

  return {
    placeLegalHold: (scope: HoldScope, id: string, hold: { placedBy: object; reason: string }) => insertOnce(LegalHold, { _id: holdId(scope, id), placedAt: new Date(), ...hold }),
    releaseLegalHold: async (scope: HoldScope, id: string) => ((await LegalHold.deleteOne({ _id: holdId(scope, id) }).exec()).deletedCount ?? 0) > 0,
    readLegalHold: (scope: HoldScope, id: string) => readById<{ placedAt: Date; reason: string }>(LegalHold, holdId(scope, id)),
    readErasure: (caseId: string) => readById<{ erasedAt: Date; kind: string }>(Erasure, caseId),
    /** Records that a case was erased (after its records went: a run cut short erases again, then records). */
    recordErasure: (caseId: string, e: { kind: string; expiredAt: Date; documents: number; people: number }) => insertOnce(Erasure, { _id: caseId, erasedAt: new Date(), ...e }),

    /**
     * Deletes a case's records, and each child in `erasePeople` (their record, keys and
     * history log). Deletes by `_id` only, each idempotent: run again, it deletes what is left.
     */
    async eraseCaseRecords(caseId: string, erasePeople: readonly string[]): Promise<{ documents: number; people: number }> {
      const timeline = await readRun<{ _id: string; type: string; details?: { agency?: string; informationSeq?: number } }>(Timeline, (n) => `${caseId}:${String(n + 1).padStart(5, '0')}`);
      const partnerIds = timeline.filter((e) => e.type === 'partner_information_received' && e.details?.agency).map((e) => `${caseId}:${e.details!.agency}:${e.details!.informationSeq ?? 1}`);
      // The contact goes last: it names the people, so a run cut short finds them again.
      const counts = await Promise.all([
        deleteIds(Notification, [caseId]),
        deleteIds(ReferralForm, [caseId]),
        deleteIds(Referral, [caseId]),
        deleteIds(NotificationVersion, await idsOfRun(NotificationVersion, versioned(caseId), 1)),
        deleteIds(PoliceFeedback, await idsOfRun(PoliceFeedback, versioned(caseId))),
        deleteIds(ReferrerOutbox, await idsOfRun(ReferrerOutbox, versioned(caseId))),
        deleteIds(PartnerInformation, partnerIds),
        deleteIds(Timeline, timeline.map((e) => String(e._id))),
      ]);
      let people = 0;
      // Annex A's copy of the case, and each person erased noted as corrected in no month (found from their history, read first).
      const receivedAt = (await readById<{ receivedAt: Date }>(Contact, caseId, { receivedAt: 1 }))?.receivedAt;
      const annex = await eraseAnnexA(models, caseId, receivedAt && monthOf(new Date(receivedAt)), await Promise.all(erasePeople.map(async (personId) => ({ personId, months: await contactMonthsOf(models, personId) }))));
      for (const personId of erasePeople) {
        const person = await readById<{ kind: 'child' | 'adult'; matchKeys: string[] }>(Person, personId, { kind: 1, matchKeys: 1 });
        if (!person) continue;
        const slots = await logLength(PersonHistoryEntry, personId);
        await deleteIds(PersonHistoryEntry, [...Array.from({ length: slots }, (_, n) => slotId(personId, n)), endHintId(personId)]);
        const corrected = await logLength(PersonRectification, personId);
        await deleteIds(PersonRectification, [...Array.from({ length: corrected }, (_, n) => slotId(personId, n)), endHintId(personId)]);
        const linked = await logLength(PersonLink, personId);
        await deleteIds(PersonLink, [...Array.from({ length: linked }, (_, n) => slotId(personId, n)), endHintId(personId)]);
        await deleteIds(PersonKey, person.matchKeys.map((k) => personKeyId(person.kind, k)));
        people += await deleteIds(Person, [personId]);
      }
      const contact = await deleteIds(Contact, [caseId]);
      return { documents: counts.reduce((a, b) => a + b, contact + annex), people };
    },
  };
}
