// Which pages each role may use: one table, read by the page guard and the navigation.
// The API checks again on every call (role, agency, case); a page never widens access.
import type { Role } from '../api/auth/roles.js';

export const pageRoles = {
  pitstop: ['panel_member'],
  requests: ['partner_practitioner'],
  queues: ['front_door_manager'],
  caseSearch: ['front_door_manager'],
  case: ['panel_member', 'front_door_manager'],
  allocations: ['lead_agency_worker'],
  figures: ['front_door_manager'],
  audit: ['auditor'],
  chronology: ['panel_member', 'front_door_manager'],
} as const satisfies Record<string, readonly Role[]>;
export type PageName = keyof typeof pageRoles;

export const mayUse = (role: Role, page: PageName) => (pageRoles[page] as readonly Role[]).includes(role);

interface NavItem {
  text: string;
  href: string;
  /** Paths under this prefix mark the item as the current section. */
  section: string;
}

const navigationByRole: Record<Role, NavItem[]> = {
  panel_member: [{ text: "Today's PIT Stop", href: '/pitstop', section: '/pitstop' }],
  partner_practitioner: [{ text: 'Information requests', href: '/requests', section: '/requests' }],
  front_door_manager: [
    { text: 'Awaiting authorisation', href: '/queues/awaiting-authorisation', section: '/queues/awaiting-authorisation' },
    { text: 'Breached', href: '/queues/breached', section: '/queues/breached' },
    { text: 'Find a case', href: '/cases', section: '/cases' },
    { text: 'Figures', href: '/figures', section: '/figures' },
  ],
  lead_agency_worker: [{ text: 'Allocations', href: '/allocations', section: '/allocations' }],
  auditor: [{ text: 'Audit log', href: '/audit', section: '/audit' }],
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
