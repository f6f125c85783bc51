// Police updates on a running case. A force sends the same notification again: a resend
// of content already on record is recorded as such; changed content becomes the next
// version of the notification. The handler decides at once, in the order Temporal
// delivers the messages (two updates arriving together are both kept, numbered in that
// order), and answers; the writing then happens in the same order, one message after the
// other, once intake has finished: the version kept, its people matched, the differences
// on the timeline, a raised risk re-rating the case through the change-rating step, and a
// school or GP practice newly named taking the agency's part of the case.
import { condition } from '@temporalio/workflow';
import { maracReferralRequired } from '../shared/case/rules.js';
import type { AuditReceipt, ContactWorkflowInput } from '../shared/case/state.js';
import { mayTakeStep } from '../shared/case/steps.js';
import type { RagRating } from '../shared/codes.js';
import { readdressedOrganisations } from '../shared/organisations.js';
import {
  canonicalContent,
  classifyNotification,
  notificationDifferences,
  type KnownVersion,
  type NotificationDifferences,
} from '../shared/notification-versions.js';
import type { PoliceNotification } from '../shared/schemas/notification.js';
import type { RatingChangeInput } from '../shared/schemas/steps.js';
import type { ContactCase } from './case.js';
import { store } from './io.js';
import type { NotificationReceivedMessage, NotificationReceivedResult } from './messages.js';
import { outOfOrder } from './refusals.js';

const urgency: Record<RagRating, number> = { green: 0, amber: 1, red: 2 };

export class NotificationUpdates {
  /** Every version on record, oldest first (version 1: the notification the case started with); worked out on the first message. */
  private knownVersions?: KnownVersion[];
  private latest: PoliceNotification;
  /** The writing of each message, one after the other in the order they came. */
  private queue: Promise<void> = Promise.resolve();
  /** The rating the newest version's grading or DASH level calls for (absent: the intake's rating). */
  private calledFor?: RagRating;

  constructor(
    private readonly c: ContactCase,
    private readonly input: ContactWorkflowInput,
  ) {
    this.latest = input.notification;
    if (input.recontactOf) c.state.recontactOf = input.recontactOf;
  }

  private get known(): KnownVersion[] {
    const first = this.input.notification;
    return (this.knownVersions ??= [{ version: 1, content: canonicalContent(first), sentAt: first.sentAt }]);
  }

  /** A closed case takes no update: the API opens a new contact instead (README "Police updates"). */
  validate(_m: NotificationReceivedMessage): void {
    if (this.c.stage === 'closed') outOfOrder('the case is closed');
  }

  receive(m: NotificationReceivedMessage): NotificationReceivedResult {
    const caseId = this.c.state.caseId;
    const verdict = classifyNotification(this.known, { content: canonicalContent(m.notification), sentAt: m.notification.sentAt });
    if (verdict.kind === 'duplicate') {
      this.inOrder(() => this.recordResend(m.receivedAt, verdict.of, m.receipt && { ...m.receipt, action: 'notification.resend' }));
      return { caseId, duplicate: true, version: verdict.of };
    }
    const version = this.known.length + 1;
    this.known.push({ version, content: canonicalContent(m.notification), sentAt: m.notification.sentAt });
    const previous = this.latest;
    this.latest = m.notification;
    this.inOrder(() => this.recordVersion(m, version, previous));
    return { caseId, duplicate: false, version };
  }

  private inOrder(write: () => Promise<void>): void {
    this.queue = this.queue.then(async () => {
      await condition(() => this.c.stage !== 'received');
      await write();
    });
    this.c.track(this.queue);
  }

  /** The same notification sent again, by signal: recorded in turn with the updates, nothing new started. */
  resent(receivedAt: string): void {
    this.inOrder(() => this.recordResend(receivedAt));
  }

  private async recordResend(receivedAt: string, of?: number, audit?: AuditReceipt): Promise<void> {
    await store.recordResend({ caseId: this.c.state.caseId, receivedAt });
    await this.c.persist({ type: 'notification_resent', details: { receivedAt, ...(of ? { repeatsVersion: of } : {}) }, ...(audit ? { audit } : {}) });
  }

  private async recordVersion(m: NotificationReceivedMessage, version: number, previous: PoliceNotification): Promise<void> {
    const s = this.c.state;
    const n = m.notification;
    const differences = notificationDifferences(previous, n);
    const r = await store.recordNotificationVersion({
      caseId: s.caseId,
      version,
      receivedAt: m.receivedAt,
      caseReceivedAt: s.receivedAt,
      notification: n,
      differences,
      childPersonIds: s.childPersonIds,
      adultPersonIds: s.adultPersonIds,
    });
    s.notificationVersion = version;
    s.notificationUpdates = [...(s.notificationUpdates ?? []), { version, receivedAt: m.receivedAt, sentAt: n.sentAt, summary: differences.summary }];
    s.childPersonIds = r.childPersonIds;
    s.adultPersonIds = r.adultPersonIds;
    s.versionChildPersonIds = r.versionChildPersonIds;
    s.incidentType = n.incident.type;
    // Once MARAC is called for it stays called for: a lower DASH level is for a person to weigh.
    if (maracReferralRequired(n)) s.maracReferralRequired = true;
    // A school or GP practice newly named: the agency's part goes to it (shared/organisations.ts).
    const { organisations, moved: readdressed } = readdressedOrganisations(s.organisations, n.children, (agency) =>
      s.partnerInformation.some((p) => p.agency === agency && p.status === 'received') ||
      s.allocations.some((a) => a.leadAgency === agency && (a.status === 'requested' || a.status === 'accepted')));
    if (readdressed) s.organisations = organisations;
    const rating = this.ratingAfter(this.calledFor ?? s.ratingHistory[0]?.rating ?? s.rating!, r.rating, version, differences);
    this.calledFor = r.rating;
    // Re-rated first, in the same activation as the check that the stage allows it.
    if (rating.change) await this.c.changeRating({ actor: m.actor, change: rating.change });
    await this.c.persist({
      type: 'notification_updated',
      actor: m.actor,
      reason: differences.summary.join('; '),
      details: {
        version, receivedAt: m.receivedAt, sentAt: n.sentAt, differences, newChildPersonIds: r.newChildPersonIds,
        ...(rating.detail ? { rating: rating.detail } : {}), ...(readdressed ? { readdressed } : {}),
      },
      ...(m.receipt ? { audit: { ...m.receipt, action: 'notification.update' } } : {}),
    });
  }

  /**
   * A raised risk re-rates the case with the reason, through the change-rating step (which
   * re-plans the deadline, the meeting and partners' due times), while the case is still
   * to be decided. A lower risk never lowers the rating by itself; nor is a decided case
   * re-rated (a manager may amend the decision): both are said on the timeline.
   */
  private ratingAfter(before: RagRating, calledFor: RagRating, version: number, d: NotificationDifferences): {
    change?: RatingChangeInput;
    detail?: Record<string, unknown>;
  } {
    const s = this.c.state;
    const current = s.rating!;
    // Only a risk the update itself raised re-rates: a rating a person lowered since stays
    // lowered when the force resends the same grading with, say, a new address.
    if (urgency[calledFor] > urgency[before] && urgency[calledFor] > urgency[current]) {
      if (!mayTakeStep(s.stage, 'changeRating')) {
        return { detail: { calledFor, stays: current, why: 'the case is past its decision: a manager may amend the decision' } };
      }
      const risk = d.summary.filter((l) => /risk (grading|level) raised/.test(l)).join('; ');
      return { change: { rating: calledFor, reason: `police update, version ${version}: ${risk}` }, detail: { from: current, to: calledFor } };
    }
    if (urgency[calledFor] < urgency[before]) {
      return { detail: { calledFor, stays: current, why: 'a lower risk does not lower the rating by itself: a person may change it with a reason' } };
    }
    return {};
  }
}
