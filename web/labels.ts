// Words for people: the engine's wire values (snake_case codes) as the front door says
// them. Census codes keep their code beside the label, as practitioners quote them.
import type { Agency, EthnicityCode, FactorCode, IncidentType, TriageOutcome } from '../shared/codes.js';
import type { Stage } from '../shared/case/state.js';
import type { partnerActionKinds } from '../shared/schemas/steps.js';

export const agencyLabels: Record<Agency | 'front_door', string> = {
  childrens_social_care: "Children's social care",
  early_help: 'Early help',
  health: 'Health',
  education: 'Education',
  police: 'Police',
  youth_justice: 'Youth justice',
  housing: 'Housing',
  domestic_abuse_services: 'Domestic abuse services',
  substance_misuse_services: 'Substance misuse services',
  community_safety: 'Community safety',
  front_door: 'Front door',
};

export const roleLabels: Record<string, string> = {
  police_system: 'Police system',
  partner_practitioner: 'Partner practitioner',
  panel_member: 'PIT Stop panel member',
  front_door_manager: 'Front door manager',
  lead_agency_worker: 'Lead agency worker',
  auditor: 'Information governance lead',
};

export const incidentTypeLabels: Record<IncidentType, string> = {
  domestic_abuse: 'Domestic abuse',
  missing_child: 'Missing child',
  child_sexual_exploitation: 'Child sexual exploitation',
  child_criminal_exploitation: 'Child criminal exploitation',
  neglect_or_welfare_concern: 'Neglect or welfare concern',
  child_arrested_or_in_custody: 'Child arrested or in custody',
  sexual_offence: 'Sexual offence',
  violence: 'Violence',
  online_harm: 'Online harm',
  mental_health_crisis_or_self_harm: 'Mental health crisis or self-harm',
  substance_misuse: 'Substance misuse',
  anti_social_behaviour: 'Anti-social behaviour',
  other: 'Other',
};

export const outcomeLabels: Record<TriageOutcome, string> = {
  no_further_action: 'No further action',
  information_and_signposting: 'Information and advice, signposting to universal services',
  early_help: 'Early help with a named lead agency',
  targeted_family_support: 'Targeted family support',
  social_care_assessment_s17: "Referral to children's social care for assessment (s17, child in need)",
  strategy_discussion_s47: 'Strategy discussion (s47, reasonable cause to suspect significant harm)',
  already_open_pass_to_allocated_worker: 'Already open to a service: pass to the allocated worker',
};

/** Short forms for tables, tags and charts. */
export const outcomeShortLabels: Record<TriageOutcome, string> = {
  no_further_action: 'No further action',
  information_and_signposting: 'Information and signposting',
  early_help: 'Early help',
  targeted_family_support: 'Targeted family support',
  social_care_assessment_s17: 'Social care assessment (s17)',
  strategy_discussion_s47: 'Strategy discussion (s47)',
  already_open_pass_to_allocated_worker: 'Already open',
};

/** The local threshold document's levels of need. */
export const levelOfNeedLabels: Record<number, { name: string; hint: string }> = {
  1: { name: 'Level 1: universal', hint: 'Needs met by everyday services: no further action, information, signposting.' },
  2: { name: 'Level 2: additional, early help', hint: 'Emerging needs: early help led by a partner (school, health visitor).' },
  3: { name: 'Level 3: targeted, complex', hint: 'Multiple needs, team around the family: targeted family support.' },
  4: { name: 'Level 4: specialist, acute', hint: "Child in need or at risk of significant harm: children's social care." },
};

export const stageLabels: Record<Stage, string> = {
  received: 'Being received',
  awaiting_rating: 'Awaiting initial rating',
  awaiting_decision: 'Awaiting decision',
  awaiting_authorisation: 'Awaiting authorisation',
  awaiting_allocation: 'Awaiting acceptance',
  awaiting_strategy_discussion: 'Awaiting strategy discussion',
  awaiting_conference: 'Awaiting child protection conference',
  closing: 'Closing',
  closed: 'Closed',
};

export const ratingLabels: Record<string, string> = { red: 'Red', amber: 'Amber', green: 'Green' };

/** Factors (CIN census), grouped as the census lists them. */
export const factorLabels: Record<FactorCode, string> = {
  '1A': 'Alcohol misuse: child', '1B': 'Alcohol misuse: parent or carer', '1C': 'Alcohol misuse: other household member',
  '2A': 'Drug misuse: child', '2B': 'Drug misuse: parent or carer', '2C': 'Drug misuse: other household member',
  '3A': 'Domestic abuse: child', '3B': 'Domestic abuse: parent or carer', '3C': 'Domestic abuse: other household member',
  '4A': 'Mental health: child', '4B': 'Mental health: parent or carer', '4C': 'Mental health: other household member',
  '5A': 'Learning disability: child', '5B': 'Learning disability: parent or carer', '5C': 'Learning disability: other household member',
  '6A': 'Physical disability or illness: child', '6B': 'Physical disability or illness: parent or carer', '6C': 'Physical disability or illness: other household member',
  '7A': 'Young carer',
  '8B': 'Privately fostered: overseas child who intends to return', '8C': 'Privately fostered: overseas child who intends to stay',
  '8D': 'Privately fostered: UK child in an educational placement', '8E': 'Privately fostered: UK child, alternative family arrangement',
  '8F': 'Privately fostered: other',
  '9A': 'Unaccompanied asylum seeking child', '10A': 'Missing', '11A': 'Child sexual exploitation', '12A': 'Trafficking',
  '13A': 'Gangs', '14A': 'Socially unacceptable behaviour', '15A': 'Self-harm', '16A': 'Neglect', '17A': 'Emotional abuse',
  '18B': 'Physical abuse: child on child', '18C': 'Physical abuse: adult on child',
  '19B': 'Sexual abuse: child on child', '19C': 'Sexual abuse: adult on child',
  '20': 'Other', '21': 'No factors identified (never combined with another)', '22A': 'Female genital mutilation',
  '23A': 'Abuse linked to faith or belief', '24A': 'Child criminal exploitation',
};

export const partnerActionLabels: Record<(typeof partnerActionKinds)[number], string> = {
  notify_school: 'Notify the school',
  refer_to_marac: 'Refer to MARAC',
  refer_to_youth_justice: 'Refer to youth justice',
  refer_to_substance_misuse_service: 'Refer to the substance misuse service',
  refer_to_domestic_abuse_service: 'Refer to the domestic abuse service',
  notify_health_visitor: 'Notify the health visitor',
  other: 'Another action',
};

/** The agency a partner action usually falls to: the form's starting choice. */
export const partnerActionDefaultAgency: Record<(typeof partnerActionKinds)[number], Agency | ''> = {
  notify_school: 'education',
  refer_to_marac: 'police',
  refer_to_youth_justice: 'youth_justice',
  refer_to_substance_misuse_service: 'substance_misuse_services',
  refer_to_domestic_abuse_service: 'domestic_abuse_services',
  notify_health_visitor: 'health',
  other: '',
};

export const timelineLabels: Record<string, string> = {
  contact_received: 'Contact received and recorded',
  contact_rated: 'Initial rating given',
  referrer_outcome_posted: "Outcome put in the referrer's agency's outbox",
  referrer_webhook_delivered: "Outcome sent to the referrer's agency",
  referrer_webhook_failed: "Outcome not taken by the referrer's agency's system (it is in their outbox)",
  notification_resent: 'Notification resent by the police',
  notification_updated: 'Notification updated by the police (a new version)',
  rating_changed: 'Rating changed',
  partner_information_received: 'Partner information received',
  partner_information_missing: 'Partner information missing',
  decision_recorded: 'Joint decision recorded',
  decision_returned: 'Decision returned by a manager',
  decision_authorised: 'Decision authorised',
  decision_amended: 'Authorised decision amended',
  allocation_requested: 'Allocation sent to the lead agency',
  allocation_accepted: 'Allocation accepted',
  allocation_declined: 'Allocation declined',
  escalated: 'Escalated to managers',
  carried_over: 'Not reached at its meeting: carried over to the next',
  strategy_discussion_recorded: 'Strategy discussion (s47) held',
  conference_recorded: 'Initial child protection conference held',
  statutory_deadline_missed: 'Statutory one-working-day backstop missed',
  police_feedback_delivered: 'Outcome sent to the police',
  police_feedback_no_webhook: 'Outcome ready for the police (no webhook configured)',
  case_closed: 'Case closed',
};

export const partnerInformationStatusLabels: Record<string, string> = {
  requested: 'Requested',
  received: 'Received',
  missing: 'Missing',
};

/** What police systems report they have already done (free codes; the common ones named). */
export const policeActionLabels: Record<string, string> = {
  operation_encompass_notice: 'Operation Encompass notice to the school',
  welfare_check: 'Welfare check',
  return_home_interview_requested: 'Return home interview requested',
  dash_completed: 'DASH risk assessment completed',
  marac_referral: 'Referred to MARAC',
};

/** A code such as `operation_encompass_notice` said plainly: "Operation encompass notice". */
export function humanise(code: string): string {
  const s = code.replace(/_/g, ' ').trim();
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function label(map: Record<string, string>, code: string | undefined | null): string {
  if (code === undefined || code === null || code === '') return '';
  return map[code] ?? humanise(String(code));
}

/** The API's messages name codes (`no_further_action`, `refer_to_marac`): say them in words. */
const codeWords: Record<string, string> = Object.fromEntries(
  [outcomeShortLabels, agencyLabels, partnerActionLabels, stageLabels].flatMap((m) =>
    Object.entries(m).map(([code, text]) => [code, text.charAt(0).toLowerCase() + text.slice(1)]),
  ),
);
export const inWords = (message: string) => message.replace(/\b[a-z]+(?:_[a-z0-9]+)+\b/g, (code) => codeWords[code] ?? code);

/** What a case's nearest deadline is for (api NearestDeadline). */
export const deadlineKindLabels: Record<string, string> = {
  rating: 'Initial rating',
  decision: 'Decision',
  statutory: 'Statutory backstop',
  acceptance: 'Acceptance',
  strategy_discussion: 'Strategy discussion',
  conference: 'Child protection conference',
};

/** A child's ethnicity: the CIN census's categories, each with its code (Annex A's order). */
export const ethnicityLabels: Record<EthnicityCode, string> = {
  WBRI: 'White British', WIRI: 'White Irish', WOTH: 'Any other White background', WIRT: 'Traveller of Irish heritage',
  WROM: 'Gypsy/Roma', MWBC: 'White and Black Caribbean', MWBA: 'White and Black African', MWAS: 'White and Asian',
  MOTH: 'Any other mixed background', AIND: 'Indian', APKN: 'Pakistani', ABAN: 'Bangladeshi', AOTH: 'Any other Asian background',
  BCRB: 'Black Caribbean', BAFR: 'Black African', BOTH: 'Any other Black background', CHNE: 'Chinese',
  OOTH: 'Any other ethnic group', REFU: 'Refused', NOBT: 'Information not yet obtained',
};
