// The domain's vocabularies, as published (DfE children in need census, Ofsted Annex A,
// MASH procedures). Wire values are snake_case; labels are for people.

export const incidentTypes = [
  'domestic_abuse',
  'missing_child',
  'child_sexual_exploitation',
  'child_criminal_exploitation',
  'neglect_or_welfare_concern',
  'child_arrested_or_in_custody',
  'sexual_offence',
  'violence',
  'online_harm',
  'mental_health_crisis_or_self_harm',
  'substance_misuse',
  'anti_social_behaviour',
  'other',
] as const;
export type IncidentType = (typeof incidentTypes)[number];

/** Police risk grading, and the DASH risk level for domestic abuse. */
export const riskGradings = ['standard', 'medium', 'high'] as const;
export type RiskGrading = (typeof riskGradings)[number];

/** RAG rating: sets how fast the front door must decide. */
export const ragRatings = ['red', 'amber', 'green'] as const;
export type RagRating = (typeof ragRatings)[number];

/** The partners at the PIT Stop table. */
export const agencies = [
  'childrens_social_care',
  'early_help',
  'health',
  'education',
  'police',
  'youth_justice',
  'housing',
  'domestic_abuse_services',
  'substance_misuse_services',
  'community_safety',
] as const;
export type Agency = (typeof agencies)[number];

/** Working Together: children's social care and the police take part in every strategy discussion. */
export const strategyDiscussionRequiredAgencies = ['childrens_social_care', 'police'] as const satisfies readonly Agency[];

/** Level of need from the local threshold document. */
export const levelsOfNeed = [1, 2, 3, 4] as const;
export type LevelOfNeed = (typeof levelsOfNeed)[number];

/** What the PIT Stop can decide. */
export const triageOutcomes = [
  'no_further_action',
  'information_and_signposting',
  'early_help',
  'targeted_family_support',
  'social_care_assessment_s17',
  'strategy_discussion_s47',
  'already_open_pass_to_allocated_worker',
] as const;
export type TriageOutcome = (typeof triageOutcomes)[number];

/** Contact / referral source (CIN census). Every police notification is source 6. */
export const contactSources = {
  '1A': 'family member or carer', '1B': 'acquaintance', '1C': 'self', '1D': 'other individual',
  '2A': 'school', '2B': 'education services',
  '3A': 'GP', '3B': 'health visitor', '3C': 'school nurse', '3D': 'other primary health',
  '3E': 'A&E', '3F': 'other health',
  '4': 'housing',
  '5A': 'LA social care', '5B': 'other LA internal', '5C': 'another LA', '5D': 'early help',
  '6': 'police', '7': 'other legal agency', '8': 'other', '9': 'anonymous', '10': 'unknown',
} as const;
export type ContactSource = keyof typeof contactSources;
/** Every police notification is a contact from source 6. */
export const POLICE_SOURCE = '6' satisfies ContactSource;

/** Assessment factors (CIN census); 18A and 19A are retired from 2024-25. */
export const factorCodes = [
  '1A', '1B', '1C', '2A', '2B', '2C', '3A', '3B', '3C', '4A', '4B', '4C', '5A', '5B', '5C',
  '6A', '6B', '6C', '7A', '8B', '8C', '8D', '8E', '8F', '9A', '10A', '11A', '12A', '13A', '14A',
  '15A', '16A', '17A', '18B', '18C', '19B', '19C', '20', '21', '22A', '23A', '24A',
] as const;
export type FactorCode = (typeof factorCodes)[number];
/** "No factors identified": never combined with another factor. */
export const NO_FACTORS_IDENTIFIED: FactorCode = '21';

export const childGenders = ['male', 'female', 'other', 'unknown', 'not_stated'] as const;

/**
 * A child's ethnicity: the CIN census codes, in Ofsted Annex A's lettered order (a) WBRI …
 * r) OOTH, then s) REFU refused or s) NOBT information not yet obtained). Never blank in a
 * return: a child whose ethnicity nobody has given is NOBT until the front door records it.
 */
export const ethnicityCodes = [
  'WBRI', 'WIRI', 'WOTH', 'WIRT', 'WROM', 'MWBC', 'MWBA', 'MWAS', 'MOTH', 'AIND', 'APKN', 'ABAN', 'AOTH',
  'BCRB', 'BAFR', 'BOTH', 'CHNE', 'OOTH', 'REFU', 'NOBT',
] as const;
export type EthnicityCode = (typeof ethnicityCodes)[number];
/** Information not yet obtained: what a child's ethnicity is until someone gives it. */
export const ETHNICITY_NOT_OBTAINED: EthnicityCode = 'NOBT';

export const adultRoles = ['victim', 'suspect', 'perpetrator', 'parent', 'carer', 'witness', 'other'] as const;
