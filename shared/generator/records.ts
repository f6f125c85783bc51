// A planned contact (contacts.ts) written out as the engine keeps it: the contact with its
// workflow's final projection, the notification or referral form as received, its people,
// its timeline, the receipt in the audit trail and its referral when it made one. Written
// in batches through the store (`importRecords`); the read models are then derived by the
// rebuild, as for any records kept before them.
import { ageBandsOf } from '../age-bands.js';
import { annexChildrenOf } from '../annex-a.js';
import { childGenders } from '../codes.js';
import type { ImportBatch } from '../db/store.js';
import { normaliseName, postcodeDistrict, stableId } from '../ids.js';
import { letters } from './random.js';
import { GENERATED_REFERRER, referralOutcomeSet, type PlannedContact } from './contacts.js';

const panel = { id: 'generated-panel', name: 'Generated Panel Chair', role: 'panel_member', agency: 'childrens_social_care' };
const manager = { id: 'generated-manager', name: 'Generated Manager', role: 'front_door_manager', agency: 'front_door' };
const partnerAgencyOf: Record<string, string> = { '2A': 'education', '3A': 'health', '3B': 'health', '3E': 'health', '3F': 'health', '4': 'housing', '5A': 'childrens_social_care', '5D': 'early_help' };
const leadAgencyOf: Record<string, string | undefined> = {
  early_help: 'early_help', targeted_family_support: 'early_help', social_care_assessment_s17: 'childrens_social_care',
  strategy_discussion_s47: 'childrens_social_care', already_open_pass_to_allocated_worker: 'childrens_social_care',
};

const personKey = (p: { givenName: string; familyName: string; dateOfBirth: string }) =>
  `name:${normaliseName(p.givenName)}|${normaliseName(p.familyName)}|${p.dateOfBirth}`;

/** The records of one planned contact. */
export function recordsOf(c: PlannedContact): ImportBatch {
  const { caseId, receivedAt, decidedAt, closedAt } = c;
  const familyName = `Generated${letters(c.family.n)}`;
  const children = c.family.children.map((ch) => ({ ...ch, familyName }));
  const adults = c.family.adults.map((a) => ({ ...a, familyName }));
  const people = [
    ...children.map((p) => ({ _id: stableId('CH', personKey(p)), kind: 'child', matchKeys: [personKey(p)], givenName: p.givenName, familyName, dateOfBirth: p.dateOfBirth })),
    ...adults.map((p) => ({ _id: stableId('AD', personKey(p)), kind: 'adult', matchKeys: [personKey(p)], givenName: p.givenName, familyName, dateOfBirth: p.dateOfBirth })),
  ];
  const childPersonIds = people.filter((p) => p.kind === 'child').map((p) => p._id);
  const adultPersonIds = people.filter((p) => p.kind === 'adult').map((p) => p._id);
  const police = c.source === '6';
  const iso = (d: Date) => d.toISOString();
  const leadAgency = leadAgencyOf[c.outcome];
  const meetingDate = iso(decidedAt).slice(0, 10);
  const decision = {
    version: 1, status: 'authorised', levelOfNeed: c.outcome === 'no_further_action' ? 1 : referralOutcomeSet.has(c.outcome) ? 4 : 2, outcome: c.outcome, leadAgency,
    rationale: 'Generated: the panel weighed what partners shared and agreed the response.', factors: c.factors,
    attendees: [{ name: 'Generated Chair', agency: 'childrens_social_care' }, { name: 'Generated Officer', agency: 'police' }],
    proposedBy: 'childrens_social_care', partnerActions: [], recordedBy: panel, recordedAt: iso(new Date(+decidedAt - 3_600_000)), authorisedBy: manager, authorisedAt: iso(decidedAt),
  };
  const breached = decidedAt > c.decisionDueAt;
  const status = {
    caseId, stage: 'closed', ...(police ? { forceCode: 'HUM', policeReference: c.reference } : { source: c.source }), incidentType: c.incidentType,
    receivedAt: iso(receivedAt), rating: c.rating, ratingHistory: [{ rating: c.rating, reason: 'Generated rating.', at: iso(receivedAt) }],
    decisionDueAt: iso(c.decisionDueAt), breached, escalations: [], meeting: { date: meetingDate, startsAt: `${meetingDate}T09:30:00.000Z`, immediate: c.rating === 'red' },
    partnerInformation: [], decisions: [decision],
    allocations: leadAgency ? [{ leadAgency, decisionVersion: 1, requestedAt: iso(decidedAt), status: 'accepted', escalated: false, respondedAt: iso(closedAt) }] : [],
    policeFeedback: police ? { status: 'delivered', decisionVersion: 1, deliveredAt: iso(closedAt), attempts: 1 } : { status: 'not_due' },
    ...(police ? {} : { referrerFeedback: { status: partnerAgencyOf[c.source] ? 'in_outbox' : 'none', decisionVersion: 1 } }),
    recontact: c.recontact, repeatReferral: c.repeatReferral, earlierContactIds: c.earlierContactIds,
    outcome: c.outcome, decidedAt: iso(decidedAt), closedAt: iso(closedAt),
  };
  const contact = {
    _id: caseId, source: c.source, kind: police ? 'notification' : 'referral', ...(police ? { forceCode: 'HUM', policeReference: c.reference } : {}),
    incidentType: c.incidentType, postcodeDistrict: postcodeDistrict(c.postcode), stage: 'closed', rating: c.rating, breached,
    statutoryDeadlineMissed: false, receivedAt, decisionDueAt: c.decisionDueAt, meetingDate, leadAgency, outcome: c.outcome,
    childPersonIds, adultPersonIds, ageBands: ageBandsOf(children, receivedAt), annexChildren: annexChildrenOf(childPersonIds, children),
    childNames: people.filter((p) => p.kind === 'child').map((p) => ({ personId: p._id, givenName: p.givenName, familyName: p.familyName, dateOfBirth: p.dateOfBirth })), recontact: c.recontact, repeatReferral: c.repeatReferral, closedAt, projectionSeq: 5, status,
  };
  const timeline = (
    [
      ['contact_received', receivedAt, undefined],
      ['decision_recorded', new Date(+decidedAt - 3_600_000), panel],
      ['decision_authorised', decidedAt, manager],
      ['case_closed', closedAt, undefined],
    ] as const
  ).map(([type, at, actor], k) => ({ _id: `${caseId}:${String(k + 1).padStart(5, '0')}`, caseId, seq: k + 1, type, at, actor, details: { generated: true } }));
  const childrenOut = children.map((ch) => ({ givenName: ch.givenName, familyName, dateOfBirth: ch.dateOfBirth, gender: childGenders.includes(ch.gender) ? ch.gender : 'unknown' }));
  const adultsOut = adults.map((a) => ({ givenName: a.givenName, familyName, dateOfBirth: a.dateOfBirth, role: a.role }));
  const location = { addressLine: `${1 + (c.i % 90)} Generated Street`, town: c.locality, postcode: c.postcode };
  const notifications = police
    ? [{
        _id: caseId, forceCode: 'HUM', policeReference: c.reference, sentAt: receivedAt, receivedAt, resends: [],
        payload: {
          force: { code: 'HUM', name: 'Humberside Police' }, policeReference: c.reference, sentAt: iso(receivedAt),
          incident: { type: c.incidentType, occurredAt: iso(new Date(+receivedAt - 6 * 3_600_000)), location, circumstances: 'Generated incident: no real person or place.' },
          riskGrading: c.rating === 'red' ? 'high' : c.rating === 'amber' ? 'medium' : 'standard',
          children: childrenOut.map((ch) => ({ ...ch, presentAtIncident: true, residentAtAddress: true })), adults: adultsOut,
          officer: { name: 'PC 0000 Generated Officer' },
        },
      }]
    : [];
  const referrer = { id: GENERATED_REFERRER, name: 'Generated Referrer', role: 'partner_practitioner', agency: partnerAgencyOf[c.source] ?? 'front_door' };
  const referralForms = police
    ? []
    : [{
        _id: caseId, source: c.source, kind: 'referral', referrerAgency: partnerAgencyOf[c.source], receivedAt, submittedBy: referrer,
        payload: { source: c.source, kind: 'referral', children: childrenOut.map((ch) => ({ ...ch, address: location })), adults: adultsOut, concerns: { category: c.incidentType, summary: 'Generated concern.' }, family: { awareness: 'knows_and_agrees' } },
      }];
  const audit = [{ _id: `${caseId}:generated-receipt`, at: receivedAt, actor: police ? { id: 'police-system:HUM', name: 'HUM', role: 'police_system', agency: 'police', force: 'HUM' } : referrer, action: police ? 'notification.submit' : 'referral.submit', caseId, outcome: 202 }];
  const referrals = referralOutcomeSet.has(c.outcome)
    ? [{ _id: caseId, caseId, source: c.source, outcome: c.outcome, decisionVersion: 1, referredAt: decidedAt, childPersonIds, status: 'active' }]
    : [];
  return { notifications, referralForms, contacts: [contact], people, timeline, audit, referrals };
}
