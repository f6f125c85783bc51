// Who may do what at the front door. Each user sees only what their role and agency need.
export const roles = [
  /** A force's system: submits notifications; reads status and outcome of its own force's only. */
  'police_system',
  /** Reads the agenda and the cases on it; adds their own agency's information. */
  'partner_practitioner',
  /** Records the PIT Stop's joint decisions. */
  'panel_member',
  /** Changes ratings, authorises, sees everything and the figures. */
  'front_door_manager',
  /** Accepts or declines allocations to their agency. */
  'lead_agency_worker',
  /** Reads the audit log. */
  'auditor',
] as const;
export type Role = (typeof roles)[number];

export interface Principal {
  id: string;
  name: string;
  role: Role;
  /** Agency for people; 'police' for a force's system. */
  agency: string;
  /** Force code, for a police system. */
  force?: string;
  /** Within the agency: a school's URN, a GP practice's ODS code, a team (from the provider's claim). */
  organisation?: string;
}
