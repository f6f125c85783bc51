// The people of the embedded development identity provider (infra/oidc-provider.ts), and of the development sign-in page (web/users.ts): one
// or more for every role a person can hold and every partner agency, and several
// organisations within an agency (two schools, a GP practice, a health visiting team),
// so every page and every need-to-know rule can be tried. None of them is a real person;
// the organisation codes are made up (real school URNs and ODS codes are not used).
//
// Each carries the claims a council's provider would send: `roles` (app roles or groups),
// `agency`, `organisation`, `name` (the mapping is configurable: docs/access.md).
import { agencies } from './codes.js';

export interface SyntheticPerson {
  id: string;
  name: string;
  role: 'partner_practitioner' | 'panel_member' | 'front_door_manager' | 'lead_agency_worker' | 'auditor';
  /** A partner agency, or 'front_door' for the front door's own staff. */
  agency: string;
  /** The school's URN, the GP practice's ODS code, a team: within the agency. */
  organisation?: string;
  /** What this person does, shown on the provider's login page. */
  description: string;
}

/** Made-up organisations within agencies. */
export const syntheticOrganisations = {
  northfieldPrimary: { code: '990001', name: 'Northfield Primary School (synthetic URN 990001)' },
  riversideAcademy: { code: '990002', name: 'Riverside Academy (synthetic URN 990002)' },
  harbourSurgery: { code: 'Z99001', name: 'Harbour Lane Surgery (synthetic ODS code Z99001)' },
  healthVisitingNorth: { code: 'hv-north', name: 'Health Visiting Team North' },
} as const;

export const namedSyntheticPeople: readonly SyntheticPerson[] = [
  { id: 'dev-panel-chair', name: 'Dev Panel Chair', role: 'panel_member', agency: 'childrens_social_care',
    description: "Chairs the PIT Stop for children's social care: runs the meeting and records joint decisions." },
  { id: 'dev-health-visitor', name: 'Dev Health Visitor', role: 'partner_practitioner', agency: 'health', organisation: syntheticOrganisations.healthVisitingNorth.code,
    description: "Answers health's information requests before the meeting (Health Visiting Team North)." },
  { id: 'dev-gp-safeguarding', name: 'Dev GP Safeguarding Lead', role: 'partner_practitioner', agency: 'health', organisation: syntheticOrganisations.harbourSurgery.code,
    description: 'Answers health information requests for Harbour Lane Surgery.' },
  { id: 'dev-education-safeguarding', name: 'Dev Education Safeguarding Officer', role: 'partner_practitioner', agency: 'education',
    description: "Answers education's information requests before the meeting; refers children from schools." },
  { id: 'dev-housing-officer', name: 'Dev Housing Officer', role: 'partner_practitioner', agency: 'housing',
    description: 'Housing sees only the cases that ask something of housing: most domestic abuse notifications do not.' },
  { id: 'dev-front-door-manager', name: 'Dev Front Door Manager', role: 'front_door_manager', agency: 'front_door',
    description: 'Authorises decisions, watches breaches, searches cases, reads the figures.' },
  { id: 'dev-deputy-manager', name: 'Dev Deputy Front Door Manager', role: 'front_door_manager', agency: 'front_door',
    description: 'A second manager: an authorised decision is amended by a manager other than the one who authorised it.' },
  { id: 'dev-social-worker', name: 'Dev Social Care Team Manager', role: 'lead_agency_worker', agency: 'childrens_social_care',
    description: "Accepts or declines allocations to children's social care, and records s47 strategy discussions held." },
  { id: 'dev-school-lead', name: 'Dev Designated Safeguarding Lead', role: 'lead_agency_worker', agency: 'education', organisation: syntheticOrganisations.northfieldPrimary.code,
    description: 'Accepts or declines allocations to education for Northfield Primary School.' },
  { id: 'dev-school-lead-riverside', name: 'Dev Riverside Safeguarding Lead', role: 'lead_agency_worker', agency: 'education', organisation: syntheticOrganisations.riversideAcademy.code,
    description: 'Accepts or declines allocations to education for Riverside Academy.' },
  { id: 'dev-early-help-lead', name: 'Dev Early Help Coordinator', role: 'lead_agency_worker', agency: 'early_help',
    description: 'Accepts or declines allocations to early help.' },
  { id: 'dev-auditor', name: 'Dev Information Governance Lead', role: 'auditor', agency: 'front_door',
    description: 'The information governance lead (role auditor): reads the audit trail (who saw or changed what, when and why), the break-glass reads, who accessed anything about a child, and the disclosures; sees no case.' },
];

const label = (agency: string) => agency.replace(/_/g, ' ');

/** A practitioner, a panel member and a lead agency worker for every partner agency not named above. */
const perAgency: SyntheticPerson[] = agencies
  .filter((a) => a !== 'police')
  .flatMap((agency) =>
    (['partner_practitioner', 'panel_member', 'lead_agency_worker'] as const)
      .filter((role) => !namedSyntheticPeople.some((p) => p.agency === agency && p.role === role))
      .map((role) => ({
        id: `dev-${agency.replace(/_/g, '-')}-${role.replace(/_/g, '-')}`,
        name: `Dev ${label(role)} (${label(agency)})`.replace(/\b\w/, (c) => c.toUpperCase()),
        role,
        agency,
        description: `A ${label(role)} for ${label(agency)}.`,
      })),
  );

export const syntheticPeople: readonly SyntheticPerson[] = [...namedSyntheticPeople, ...perAgency];

export const syntheticPersonById = (id: string) => syntheticPeople.find((p) => p.id === id);

/** The first person with this role (and agency, when given): for `npm run token`. */
export const syntheticPersonFor = (role: string, agency?: string) =>
  syntheticPeople.find((p) => p.role === role && (!agency || p.agency === agency));
