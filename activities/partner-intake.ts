// Intake of a contact from anyone but the police (a referral form, a call): the form and
// the contact are recorded, the people matched, re-contacts flagged, and the initial
// rating's due time planned. There is no police grading: once the front door has rated
// the contact, the decision deadline, meeting and partner requests are planned as for a
// police notification.
import { ageBandsOf } from '../shared/age-bands.js';
import { annexChildrenOf } from '../shared/annex-a.js';
import type { CaseActivities } from '../shared/case/activities.js';
import { postcodeDistrict } from '../shared/ids.js';
import { addressedOrganisations } from '../shared/organisations.js';
import { addWorkingMinutes } from '../shared/working-time.js';
import type { ActivityDeps } from './deps.js';
import { adultLogs, childNamesOf, lookBack, recordContact } from './history.js';
import { caseRulesOf, planContact, statutoryDue } from './planning.js';

export function partnerIntakeActivities({ store, policy }: ActivityDeps): Pick<CaseActivities, 'intakePartnerContact' | 'planRatedContact'> {
  return {
    async intakePartnerContact(input) {
      const { caseId, form } = input;
      const receivedAt = new Date(input.receivedAt);
      await store.recordReferralForm(caseId, {
        source: form.source,
        kind: form.kind,
        referrerAgency: input.referrerAgency,
        receivedAt,
        submittedBy: input.submittedBy,
        payload: form,
      });
      const [children, adults] = await store.matchFamily(form.children, form.adults, caseId);
      const [childPersonIds, adultPersonIds] = [children.ids, adults.ids];
      const { logs, ...history } = await lookBack(store, policy, caseId, children, receivedAt);
      const postcode = form.address?.postcode ?? form.children.find((c) => c.address?.postcode)?.address?.postcode;
      await recordContact(store, caseId, {
        source: form.source,
        kind: form.kind,
        incidentType: form.concerns.category,
        postcodeDistrict: postcodeDistrict(postcode),
        receivedAt,
        childPersonIds,
        adultPersonIds,
        ageBands: ageBandsOf(form.children, receivedAt),
        annexChildren: annexChildrenOf(childPersonIds, form.children),
        childNames: childNamesOf(children),
      }, [...logs, ...adultLogs(adults)]);
      // The form's collection in the audit trail, once however often intake runs (keyed by the case).
      if (input.receipt) await store.appendAuditOnce(`referral:${caseId}`, { ...input.receipt, at: receivedAt, caseId });
      return {
        ratingDueAt: addWorkingMinutes(receivedAt, policy.initialRatingWorkingMinutes, policy.calendar).toISOString(),
        statutoryDueAt: statutoryDue(policy, +receivedAt),
        childPersonIds,
        ...history,
        strategyDiscussionHours: policy.strategyDiscussionHours,
        caseRules: caseRulesOf(policy),
        organisations: addressedOrganisations(form.children, policy.designatedTeams),
      };
    },

    /**
     * The decision is due from receipt at the rating's pace, as for a police notification
     * (the time taken to rate counts: the rating timer keeps it short); the meeting and the
     * partners' due time follow from the moment of rating.
     */
    async planRatedContact(input) {
      const { rating } = input;
      const plan = planContact(policy, { receivedAt: Date.parse(input.receivedAt), from: Date.parse(input.ratedAt), rating });
      const { decisionDueAt, meeting, partnerInformationDueAt: dueAt } = plan;
      const partners = policy.partnersByIncidentType[input.concern] ?? policy.partnersByIncidentType.default;
      return {
        decisionDueAt,
        meeting,
        partnerInformation: partners.map((agency) => ({ agency, requestedAt: input.ratedAt, dueAt, status: 'requested' as const })),
      };
    },
  };
}
