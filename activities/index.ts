// Activities: every piece of I/O the contact workflow does. Built by a factory that
// receives its dependencies, so tests give them a real database and a chosen policy.
// Every activity may run more than once (Temporal retries): each write is keyed by a
// business id and is an upsert or an insert that tolerates its own earlier success.
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { FrontDoorPolicy } from '../shared/config.js';
import { agencies, type Agency, type RagRating, type TriageOutcome } from '../shared/codes.js';
import type { Models } from '../shared/db/models.js';
import { normaliseName, postcodeDistrict, stableId } from '../shared/ids.js';
import type { PoliceNotification } from '../shared/schemas/notification.js';
import type { PartnerInformationInput } from '../shared/schemas/steps.js';
import { addWorkingMinutes, localDate, nextWorkingDayAt } from '../shared/working-time.js';
import type { CaseActivities, IntakeResult } from '../shared/case/activities.js';
import { initialRating } from '../shared/case/rules.js';
import type { Actor, CaseStatus, MeetingSlot, TimelineEventInput } from '../shared/case/state.js';

export interface ActivityDeps {
  models: Models;
  policy: FrontDoorPolicy;
  fetch?: typeof fetch;
}

const TWELVE_MONTHS_MS = 365 * 24 * 3600_000;

function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: number }).code === 11000;
}

export function createActivities({ models, policy, fetch: httpFetch = fetch }: ActivityDeps): CaseActivities {
  const { Contact, Notification, Person, Timeline, PartnerInformation, Referral, PoliceFeedback } = models;

  interface PersonInput {
    givenName: string; familyName: string; dateOfBirth?: string; expectedDateOfDelivery?: string; nhsNumber?: string;
  }

  /** What later contacts match a person on: NHS number, and normalised name + date of birth. */
  function matchKeysOf(p: PersonInput): string[] {
    const keys: string[] = [];
    if (p.nhsNumber) keys.push(`nhs:${p.nhsNumber}`);
    const born = p.dateOfBirth ?? (p.expectedDateOfDelivery ? `edd:${p.expectedDateOfDelivery}` : 'unknown');
    keys.push(`name:${normaliseName(p.givenName)}|${normaliseName(p.familyName)}|${born}`);
    return keys;
  }

  /**
   * Finds each person by any of their match keys, or records them with an id derived
   * from their first key (so a retry finds the same id). One read and one bulk write
   * for the whole notification: the database, not the count of people, sets the pace.
   */
  async function matchPeople(kind: 'child' | 'adult', people: PersonInput[]): Promise<string[]> {
    if (people.length === 0) return [];
    const keysOf = people.map(matchKeysOf);
    const known = await Person.find({ kind, matchKeys: { $in: keysOf.flat() } }, { _id: 1, matchKeys: 1 }).lean();
    const ids = keysOf.map(
      (keys) => known.find((k) => k.matchKeys.some((m) => keys.includes(m)))?._id ?? stableId(kind === 'child' ? 'CH' : 'AD', keys[0]),
    );
    try {
      await Person.bulkWrite(
        people.map((p, i) => ({
          updateOne: {
            filter: { _id: ids[i] },
            update: {
              $setOnInsert: { kind, givenName: p.givenName, familyName: p.familyName, dateOfBirth: p.dateOfBirth, nhsNumber: p.nhsNumber },
              $addToSet: { matchKeys: { $each: keysOf[i] } },
            },
            upsert: true,
          },
        })),
        { ordered: false },
      );
    } catch (err) {
      // Two intakes raced to create the same person: the other one won, which is fine.
      if (!isDuplicateKey(err)) throw err;
    }
    return ids;
  }

  function meetingAfter(after: number, rating: RagRating): MeetingSlot {
    if (rating === 'red') {
      return { date: localDate(after, policy.calendar.timeZone), startsAt: new Date(after).toISOString(), immediate: true };
    }
    const at = nextWorkingDayAt(after, policy.meetingTime, policy.calendar);
    return { date: localDate(at, policy.calendar.timeZone), startsAt: at.toISOString(), immediate: false };
  }

  return {
    /**
     * Records the notification and the contact, matches the children and adults to
     * people already known, flags re-contacts and repeat referrals, and plans the
     * rating, deadlines, meeting and partner requests.
     */
    async intakeContact(input: { caseId: string; receivedAt: string; notification: PoliceNotification }): Promise<IntakeResult> {
      const { caseId, notification: n } = input;
      const receivedAt = new Date(input.receivedAt);
      await Notification.updateOne(
        { _id: caseId },
        {
          $setOnInsert: {
            forceCode: n.force.code,
            policeReference: n.policeReference,
            sentAt: new Date(n.sentAt),
            receivedAt,
            payload: n,
            resends: [],
          },
        },
        { upsert: true },
      );

      const [childPersonIds, adultPersonIds] = await Promise.all([matchPeople('child', n.children), matchPeople('adult', n.adults)]);

      // Re-contact: the same child had a contact in the previous 12 months.
      const earlier = await Contact.find(
        {
          _id: { $ne: caseId },
          childPersonIds: { $in: childPersonIds },
          receivedAt: { $lt: receivedAt, $gte: new Date(+receivedAt - TWELVE_MONTHS_MS) },
        },
        { _id: 1 },
      )
        .sort({ receivedAt: -1 })
        .limit(50)
        .lean();
      // Repeat referral: an earlier contact about the same child became a referral.
      const earlierReferral = await Referral.findOne(
        { caseId: { $ne: caseId }, childPersonIds: { $in: childPersonIds }, referredAt: { $lt: receivedAt } },
        { _id: 1 },
      ).lean();

      const { rating, reason } = initialRating(n, policy.ratingForGrading);
      const decisionDueAt = addWorkingMinutes(receivedAt, policy.decisionWorkingMinutes[rating], policy.calendar).toISOString();
      const statutoryDueAt = addWorkingMinutes(receivedAt, policy.statutoryWorkingMinutes, policy.calendar).toISOString();
      const meeting = meetingAfter(+receivedAt, rating);
      const partnerDueAt =
        rating === 'red'
          ? addWorkingMinutes(receivedAt, policy.redPartnerInformationWorkingMinutes, policy.calendar).toISOString()
          : meeting.startsAt;
      const partners = policy.partnersByIncidentType[n.incident.type] ?? policy.partnersByIncidentType.default;

      await Contact.updateOne(
        { _id: caseId },
        {
          $setOnInsert: {
            source: '6',
            kind: 'notification',
            forceCode: n.force.code,
            policeReference: n.policeReference,
            incidentType: n.incident.type,
            postcodeDistrict: postcodeDistrict(n.incident.location.postcode),
            stage: 'received',
            receivedAt,
            childPersonIds,
            adultPersonIds,
            projectionSeq: 0,
          },
        },
        { upsert: true },
      );

      return {
        rating,
        ratingReason: reason,
        decisionDueAt,
        statutoryDueAt,
        meeting,
        partnerInformation: partners.map((agency) => ({
          agency,
          requestedAt: receivedAt.toISOString(),
          dueAt: partnerDueAt,
          status: 'requested' as const,
        })),
        childPersonIds,
        earlierContactIds: earlier.map((c) => String(c._id)),
        recontact: earlier.length > 0,
        repeatReferral: earlierReferral !== null,
        strategyDiscussionHours: policy.strategyDiscussionHours,
      };
    },

    /** The decision deadline for a (changed) rating, counted from receipt. */
    async planDecisionDeadline(input: { receivedAt: string; rating: RagRating }): Promise<string> {
      return addWorkingMinutes(new Date(input.receivedAt), policy.decisionWorkingMinutes[input.rating], policy.calendar).toISOString();
    },

    /** The meeting a case goes (back) to, and when the lead agency must accept. */
    async planMeeting(input: { after: string; rating: RagRating }): Promise<MeetingSlot> {
      return meetingAfter(Date.parse(input.after), input.rating);
    },

    async planAllocationDeadline(input: { from: string }): Promise<string> {
      return addWorkingMinutes(new Date(input.from), policy.allocationWorkingMinutes, policy.calendar).toISOString();
    },

    /**
     * Appends one event to the case timeline and projects the workflow's state onto the
     * contact. Keyed by the workflow's event sequence: a retry writes nothing new, and an
     * older projection never overwrites a newer one.
     */
    async recordCaseEvent(input: { caseId: string; seq: number; event: TimelineEventInput; status: CaseStatus }): Promise<void> {
      const { caseId, seq, event, status } = input;
      try {
        await Timeline.create({
          _id: `${caseId}:${String(seq).padStart(5, '0')}`,
          caseId,
          seq,
          type: event.type,
          at: new Date(event.at),
          actor: event.actor,
          reason: event.reason,
          details: event.details,
        });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
      const current = status.decisions.at(-1);
      const live = status.allocations.at(-1);
      await Contact.updateOne(
        { _id: caseId, projectionSeq: { $lt: seq } },
        {
          $set: {
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
          },
        },
      );
    },

    /** Keeps what an agency knows; a late answer is kept all the same. */
    async recordPartnerInformation(input: {
      caseId: string; seq: number; agency: Agency; actor: Actor; at: string; late: boolean; information: PartnerInformationInput;
    }): Promise<void> {
      if (!agencies.includes(input.agency)) throw ApplicationFailure.nonRetryable(`unknown agency ${input.agency}`);
      await PartnerInformation.updateOne(
        { _id: `${input.caseId}:${input.agency}:${input.seq}` },
        {
          $setOnInsert: {
            caseId: input.caseId,
            agency: input.agency,
            submittedBy: input.actor,
            submittedAt: new Date(input.at),
            late: input.late,
            information: input.information,
          },
        },
        { upsert: true },
      );
    },

    /** A contact whose outcome is an assessment or strategy discussion becomes a referral. */
    async recordReferral(input: {
      caseId: string; outcome: TriageOutcome; decisionVersion: number; referredAt: string; strategyDiscussionDueAt?: string;
    }): Promise<void> {
      const contact = await Contact.findById(input.caseId, { childPersonIds: 1 }).lean();
      await Referral.updateOne(
        { _id: input.caseId },
        {
          $setOnInsert: { caseId: input.caseId, source: '6', referredAt: new Date(input.referredAt) },
          $set: {
            outcome: input.outcome,
            decisionVersion: input.decisionVersion,
            childPersonIds: contact?.childPersonIds ?? [],
            strategyDiscussionDueAt: input.strategyDiscussionDueAt ? new Date(input.strategyDiscussionDueAt) : undefined,
          },
        },
        { upsert: true },
      );
    },

    async recordResend(input: { caseId: string; receivedAt: string }): Promise<void> {
      await Notification.updateOne(
        { _id: input.caseId, 'resends.receivedAt': { $ne: new Date(input.receivedAt) } },
        { $push: { resends: { receivedAt: new Date(input.receivedAt) } } },
      );
    },

    /**
     * Sends the outcome to the notifying force's webhook. Throws on any failure so
     * Temporal retries it durably until the force's system takes it. What is sent is the
     * outcome, not what partners shared: the force sees its own notification's result.
     */
    async deliverPoliceFeedback(input: {
      caseId: string; forceCode: string; policeReference: string; decisionVersion: number;
      outcome: TriageOutcome; levelOfNeed: number; leadAgency?: Agency; decidedAt: string;
    }): Promise<{ status: 'delivered' | 'no_webhook_configured'; deliveredAt?: string; attempts: number }> {
      const attempts = Context.current().info.attempt;
      const id = `${input.caseId}:v${input.decisionVersion}`;
      const url = policy.policeWebhooks[input.forceCode];
      if (!url) {
        await PoliceFeedback.updateOne({ _id: id }, { $set: { caseId: input.caseId, forceCode: input.forceCode, status: 'no_webhook_configured', attempts } }, { upsert: true });
        return { status: 'no_webhook_configured', attempts };
      }
      const already = await PoliceFeedback.findById(id).lean();
      if (already?.status === 'delivered') {
        return { status: 'delivered', deliveredAt: already.deliveredAt?.toISOString(), attempts: already.attempts ?? attempts };
      }
      let res: Response;
      try {
        res = await httpFetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': id },
          body: JSON.stringify({
            caseId: input.caseId,
            force: input.forceCode,
            policeReference: input.policeReference,
            outcome: input.outcome,
            levelOfNeed: input.levelOfNeed,
            leadAgency: input.leadAgency,
            decidedAt: input.decidedAt,
            version: input.decisionVersion,
          }),
          signal: AbortSignal.timeout(15_000),
        });
      } catch (err) {
        await PoliceFeedback.updateOne({ _id: id }, { $set: { caseId: input.caseId, forceCode: input.forceCode, status: 'retrying', attempts } }, { upsert: true });
        throw ApplicationFailure.retryable(`police webhook unreachable: ${(err as Error).message}`, 'PoliceWebhookUnavailable');
      }
      if (!res.ok) {
        await PoliceFeedback.updateOne({ _id: id }, { $set: { caseId: input.caseId, forceCode: input.forceCode, status: 'retrying', attempts, httpStatus: res.status } }, { upsert: true });
        throw ApplicationFailure.retryable(`police webhook answered ${res.status}`, 'PoliceWebhookUnavailable');
      }
      const deliveredAt = new Date();
      await PoliceFeedback.updateOne(
        { _id: id },
        { $set: { caseId: input.caseId, forceCode: input.forceCode, status: 'delivered', deliveredAt, attempts, httpStatus: res.status } },
        { upsert: true },
      );
      return { status: 'delivered', deliveredAt: deliveredAt.toISOString(), attempts };
    },
  };
}

export type Activities = CaseActivities;
