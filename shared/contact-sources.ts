// Who a contact comes from, by CIN census source code (codes.ts `contactSources`): which
// codes a partner agency's own referrer may give, and which referrers hear the outcome.
import { agencies, type Agency, type ContactSource } from './codes.js';

/** Census sources a practitioner of each partner agency refers from (a school is 2A, a GP 3A...). */
export const sourcesOfAgency: Record<Agency, readonly ContactSource[]> = {
  education: ['2A', '2B'],
  health: ['3A', '3B', '3C', '3D', '3E', '3F'],
  housing: ['4'],
  childrens_social_care: ['5A', '5B', '5C'],
  early_help: ['5D'],
  police: ['6'],
  youth_justice: ['5B', '7'],
  domestic_abuse_services: ['8'],
  substance_misuse_services: ['8'],
  community_safety: ['5B', '8'],
};

/** An anonymous contact keeps no referrer details and hears nothing back. */
export const ANONYMOUS_SOURCE = '9' satisfies ContactSource;
/** Source not known: referrer details may or may not be given. */
export const UNKNOWN_SOURCE = '10' satisfies ContactSource;

/** A referrer who acts for a partner agency: told the outcome through that agency's outbox. */
export function isPartnerAgency(agency: string | undefined): agency is Agency {
  return agency !== undefined && (agencies as readonly string[]).includes(agency);
}
