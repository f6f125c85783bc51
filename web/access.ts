// Which pages each role may use, read from the API's own policy table (api/policies.ts):
// a page is open to the roles that may take the action it exists for. The API checks the
// role, the agency and the case again on every call behind the page.
import type { Role } from '../api/auth/roles.js';
import { rolesFor, type Action } from '../api/policies.js';

const pageActions = {
  pitstop: 'recordDecision',
  requests: 'queue.information_requests.read',
  queues: 'authoriseDecision',
  caseSearch: 'case.list',
  amend: 'amendDecision',
  case: 'case.timeline.read',
  rating: 'changeRating',
  allocations: 'respondToAllocation',
  strategyDiscussion: 'recordStrategyDiscussion',
  // s47 enquiry: the initial child protection conference (social care on the allocation's page, managers on the case's).
  conference: 'recordConference',
  figures: 'figures.read',
  returns: 'returns.annex_a',
  themes: 'themes.read',
  audit: 'audit.read',
  chronology: 'person.contacts.read',
  household: 'person.household.read',
  refer: 'referral.submit',
  outbox: 'outbox.read',
  minutes: 'meeting.read',
  meetingRecord: 'meeting.open',
  // Reading a case beyond need to know, with a reason (partners and lead agencies are the ones refused).
  breakGlass: 'case.read',
  // The list of those reads, each person's counted: for review.
  breakGlassReview: 'break_glass.read',
  addressConfidentiality: 'markAddressConfidential',
  duplicate: 'markDuplicate',
  // A child's ethnicity recorded or corrected: a correction of the person's details.
  ethnicity: 'person.rectify',
  // A subject access export and the disclosures about a person: managers and information governance.
  subjectAccess: 'person.subject_access',
  disclosures: 'person.disclosures.read',
  // Who is who: two records of one person merged, or a wrongly matched person split (managers).
  mergePeople: 'person.merge',
  splitPerson: 'person.split',
} as const satisfies Record<string, Action>;
export type PageName = keyof typeof pageActions;

export const mayUse = (role: Role, page: PageName) => rolesFor(pageActions[page]).includes(role);

interface NavItem {
  text: string;
  href: string;
  /** Paths under this prefix mark the item as the current section. */
  section: string;
}

const navigationByRole: Record<Role, NavItem[]> = {
  panel_member: [
    { text: "Today's PIT Stop", href: '/pitstop', section: '/pitstop' },
    { text: 'Themes', href: '/themes', section: '/themes' },
  ],
  partner_practitioner: [
    { text: 'Information requests', href: '/requests', section: '/requests' },
    { text: 'Refer a child', href: '/referrals/new', section: '/referrals/new' },
    { text: 'Referral outcomes', href: '/referrals', section: '/referrals#outcomes' },
  ],
  front_door_manager: [
    { text: 'Queues', href: '/queues/awaiting-authorisation', section: '/queues/' },
    { text: 'Find a case', href: '/cases', section: '/cases' },
    { text: 'Figures', href: '/figures', section: '/figures' },
    { text: 'Themes', href: '/themes', section: '/themes' },
    { text: 'Break-glass reads', href: '/break-glass', section: '/break-glass' },
  ],
  lead_agency_worker: [{ text: 'Allocations', href: '/allocations', section: '/allocations' }],
  auditor: [
    { text: 'Audit log', href: '/audit', section: '/audit' },
    { text: 'Break-glass reads', href: '/break-glass', section: '/break-glass' },
  ],
  police_system: [],
};

export function navigationFor(role: Role, path: string) {
  return navigationByRole[role].map((i) => ({
    text: i.text,
    href: i.href,
    current: path === i.href,
    active: path !== i.href && path.startsWith(i.section),
  }));
}

/** Where a person lands after signing in. */
export function homeFor(role: Role): string {
  return navigationByRole[role][0]?.href ?? '/sign-in';
}
