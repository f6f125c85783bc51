// Synthetic people for the development sign-in page: one per role, across several
// agencies, so every page can be tried. None of them is a real person.
import type { Principal } from '../api/auth/roles.js';

export interface DevUser extends Principal {
  /** What this person does, shown on the sign-in page. */
  description: string;
}

export const devUsers: DevUser[] = [
  { id: 'dev-panel-chair', name: 'Dev Panel Chair', role: 'panel_member', agency: 'childrens_social_care',
    description: "Chairs the PIT Stop for children's social care: runs the meeting and records joint decisions." },
  { id: 'dev-health-visitor', name: 'Dev Health Visitor', role: 'partner_practitioner', agency: 'health',
    description: "Answers health's information requests before the meeting." },
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
  { id: 'dev-school-lead', name: 'Dev Designated Safeguarding Lead', role: 'lead_agency_worker', agency: 'education',
    description: 'Accepts or declines allocations to education (a school leading early help).' },
  { id: 'dev-early-help-lead', name: 'Dev Early Help Coordinator', role: 'lead_agency_worker', agency: 'early_help',
    description: 'Accepts or declines allocations to early help.' },
  { id: 'dev-auditor', name: 'Dev Information Governance Auditor', role: 'auditor', agency: 'front_door',
    description: 'Reads the audit log: who saw or changed what, when and why.' },
];

export const devUserById = (id: string) => devUsers.find((u) => u.id === id);
