// Ofsted's Annex A (the lists inspectors receive) and the DfE children in need census:
// their columns and lettered codings, as ../shared/domain.md gives them. Every cell that
// Annex A never leaves blank (gender, ethnicity, date, source) has a coding here for every
// value the engine holds.
import { contactSources, ethnicityCodes, type ContactSource, type EthnicityCode } from './codes.js';

export const list1Columns = ['Child Unique ID', 'Gender', 'Ethnicity', 'Date of Birth', 'Age of Child (Years)', 'Date of Contact', 'Contact Source'] as const;
/** Ofsted's List 3, then the referral fields the CIN census needs (code, date, NFA flag, factors). */
export const list3Columns = [
  'Child Unique ID', 'Gender', 'Ethnicity', 'Date of Birth', 'Age of Child (Years)', 'Date of Referral', 'Referral Source',
  'Referral NFA?', 'Number of Referrals in Last 12 Months', 'Allocated Team', 'Allocated Worker',
  'CIN Referral Source', 'CIN Referral Date', 'CIN Referral NFA', 'CIN Factors',
] as const;

/** Gender: a) Male, b) Female, c) Not stated/recorded, d) Neither. */
export function annexGender(gender: string | undefined): string {
  if (gender === 'male') return 'a) Male';
  if (gender === 'female') return 'b) Female';
  if (gender === 'other') return 'd) Neither';
  return 'c) Not stated/recorded';
}

/** Ethnicity: the census code lettered a) WBRI … r) OOTH; refused and not yet obtained are both s). */
export function annexEthnicity(code: EthnicityCode): string {
  if (code === 'REFU' || code === 'NOBT') return `s) ${code}`;
  return `${String.fromCharCode(97 + ethnicityCodes.indexOf(code))}) ${code}`;
}

/**
 * Contact and referral source, lettered in the census's order (e) 2A: Schools, q) 6: Police,
 * t) 9: Anonymous). 5D early help came to the census after Ofsted's lettering was fixed,
 * so it takes the next free letter, v).
 */
const sourceLabels: Record<ContactSource, string> = {
  '1A': 'Individual - family member/relative/carer', '1B': 'Individual - acquaintance', '1C': 'Individual - self', '1D': 'Individual - other',
  '2A': 'Schools', '2B': 'Education services',
  '3A': 'Health services - GP', '3B': 'Health services - Health visitor', '3C': 'Health services - School nurse',
  '3D': 'Health services - Other primary health services', '3E': 'Health services - A&E', '3F': 'Health services - Other',
  '4': 'Housing', '5A': 'LA services - Social care', '5B': 'LA services - Other internal', '5C': 'LA services - External',
  '5D': 'LA services - Early help', '6': 'Police', '7': 'Other legal agency', '8': 'Other', '9': 'Anonymous', '10': 'Unknown',
};
// Written out: an object's keys put '4', '6' … '10' first, as integers.
const lettered: readonly ContactSource[] = ['1A', '1B', '1C', '1D', '2A', '2B', '3A', '3B', '3C', '3D', '3E', '3F', '4', '5A', '5B', '5C', '6', '7', '8', '9', '10', '5D'];

export function annexSource(source: string): string {
  const s = (source in contactSources ? source : '10') as ContactSource;
  return `${String.fromCharCode(97 + lettered.indexOf(s))}) ${s}: ${sourceLabels[s]}`;
}

/** Yes / no cells: a) Yes, b) No, c) Unknown. */
export const annexYesNo = (v: boolean | undefined): string => (v === undefined ? 'c) Unknown' : v ? 'a) Yes' : 'b) No');

/** A calendar date `YYYY-MM-DD` as Annex A writes it: DD/MM/YYYY. */
export const annexDate = (date: string | undefined): string => (date ? `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}` : '');

/** Whole years from a date of birth to a date (both `YYYY-MM-DD`). */
export function ageInYears(dateOfBirth: string | undefined, on: string): number | '' {
  if (!dateOfBirth) return '';
  const years = +on.slice(0, 4) - +dateOfBirth.slice(0, 4);
  return on.slice(5) < dateOfBirth.slice(5) ? years - 1 : years;
}

/** A child's details as Annex A reports them, as the contact gave them. */
export interface AnnexChild { personId: string; gender?: string; dateOfBirth?: string; ethnicity?: string }

/**
 * One child's Annex A details packed in a string (`personId|gender|dateOfBirth|ethnicity`),
 * kept on the contact and its row: the row logs stay flat (strings only), and a month's
 * return is read from its rows. None of the parts can hold a `|` (ids, codes, dates).
 */
export const packAnnexChild = (c: AnnexChild): string => [c.personId, c.gender ?? '', c.dateOfBirth ?? '', c.ethnicity ?? ''].join('|');

export function unpackAnnexChild(packed: string): AnnexChild {
  const [personId, gender, dateOfBirth, ethnicity] = packed.split('|');
  return { personId, ...(gender ? { gender } : {}), ...(dateOfBirth ? { dateOfBirth } : {}), ...(ethnicity ? { ethnicity } : {}) };
}

/** A contact's children (its person ids, and the children it gave in the same order), packed. */
export const annexChildrenOf = (personIds: readonly string[], given: readonly { gender?: string; dateOfBirth?: string; ethnicity?: string }[]): string[] =>
  personIds.map((personId, i) => packAnnexChild({ personId, gender: given[i]?.gender, dateOfBirth: given[i]?.dateOfBirth, ethnicity: given[i]?.ethnicity }));
