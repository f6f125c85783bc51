// Organisations within an agency: a school (its URN), a GP practice (its ODS code), a team.
// A case's requests, partner actions and allocations go to organisations, not to a whole
// sector: the children's schools for education and their GP practices for health, as the
// notification or referral form names them; else the agency's designated team
// (DESIGNATED_TEAMS); else, with neither, the agency as a whole (everyone in it with no
// organisation of their own, as before organisations were known).
import { agencies, type Agency } from './codes.js';

/** The organisations within each agency a case goes to; an agency not named goes to the agency as a whole. */
export type AddressedOrganisations = Partial<Record<Agency, string[]>>;

/** What intake reads of each child: the codes of their school and GP practice, when given. */
export interface ChildOrganisations {
  schoolUrn?: string;
  gpPracticeCode?: string;
}

const distinct = (codes: (string | undefined)[]): string[] => [...new Set(codes.filter((c): c is string => !!c))].sort();

/** Where each agency's part of a case goes: named schools and practices first, else the designated team. */
export function addressedOrganisations(children: readonly ChildOrganisations[], designatedTeams: Partial<Record<Agency, string>>): AddressedOrganisations {
  const named: AddressedOrganisations = {
    education: distinct(children.map((c) => c.schoolUrn)),
    health: distinct(children.map((c) => c.gpPracticeCode)),
  };
  const out: AddressedOrganisations = {};
  for (const agency of agencies) {
    const codes = named[agency]?.length ? named[agency] : distinct([designatedTeams[agency]]);
    if (codes && codes.length > 0) out[agency] = codes;
  }
  return out;
}

/**
 * Whether an agency's part of a case is addressed to this person's organisation: to the
 * named organisations only, when the case names any for the agency; else to the agency
 * as a whole, and so to everyone in it.
 */
export function addressedTo(organisations: AddressedOrganisations | undefined, agency: string, organisation: string | undefined): boolean {
  const codes = organisations?.[agency as Agency];
  if (!codes || codes.length === 0) return true;
  return organisation !== undefined && codes.includes(organisation);
}

/** What a police update moved: for each agency, the organisations before and after. */
export type Readdressed = Partial<Record<Agency, { from: string[]; to: string[] }>>;

/**
 * A police update that names a child's school or GP practice the case did not name yet:
 * the agency's part (its open request, its partner actions, an allocation to come) goes to
 * the organisations the newest version names. An organisation that has answered the
 * agency's request or holds its allocation (`keeps`) keeps its place beside them, and its
 * need to know ends by the usual rules (NEED_TO_KNOW_DAYS_AFTER beyond the answer or the
 * closure); one whose part was still open loses it at once, as a part withdrawn. An update
 * that names no new school or practice changes nothing (a school left out is not a move).
 */
export function readdressedOrganisations(
  current: AddressedOrganisations | undefined,
  children: readonly ChildOrganisations[],
  keeps: (agency: Agency) => boolean,
): { organisations: AddressedOrganisations; moved?: Readdressed } {
  const named: Partial<Record<Agency, string[]>> = {
    education: distinct(children.map((c) => c.schoolUrn)),
    health: distinct(children.map((c) => c.gpPracticeCode)),
  };
  const organisations: AddressedOrganisations = { ...current };
  const moved: Readdressed = {};
  for (const [agency, codes] of Object.entries(named) as [Agency, string[]][]) {
    const before = current?.[agency] ?? [];
    if (!codes.some((code) => !before.includes(code))) continue;
    const after = keeps(agency) ? distinct([...before, ...codes]) : codes;
    organisations[agency] = after;
    moved[agency] = { from: before, to: after };
  }
  return Object.keys(moved).length ? { organisations, moved } : { organisations };
}
