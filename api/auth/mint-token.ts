// Mints a bearer token for local use:
//   npm run token -- --role front_door_manager --agency childrens_social_care --name "Dev Manager"
import { parseArgs } from 'node:util';
import { agencies } from '../../shared/codes.js';
import { roles, type Role } from './roles.js';
import { loadAuthConfig, mintToken } from './tokens.js';

const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    agency: { type: 'string' },
    name: { type: 'string' },
    id: { type: 'string' },
    force: { type: 'string' },
    // Within the agency: a school's URN, a GP practice's ODS code, a team (need to know is per organisation).
    organisation: { type: 'string' },
    hours: { type: 'string', default: '8' },
  },
});
const role = values.role as Role | undefined;
if (!role || !roles.includes(role)) {
  console.error(`usage: npm run token -- --role <${roles.join('|')}> --agency <agency> [--name N] [--id ID] [--force CODE] [--organisation CODE]`);
  process.exit(2);
}
const agency = values.agency ?? (role === 'police_system' ? 'police' : role === 'front_door_manager' || role === 'auditor' ? 'front_door' : '');
const partnerRole = role === 'partner_practitioner' || role === 'lead_agency_worker' || role === 'panel_member';
if ((partnerRole && agency === 'front_door') || (agency !== 'front_door' && !(agencies as readonly string[]).includes(agency))) {
  console.error(`--agency must be one of: ${partnerRole ? '' : 'front_door, '}${agencies.join(', ')}`);
  process.exit(2);
}
const name = values.name ?? `Dev ${role.replace(/_/g, ' ')}`;
console.log(
  mintToken(loadAuthConfig(), { id: values.id ?? `dev-${role}`, name, role, agency, force: values.force, ...(values.organisation ? { organisation: values.organisation } : {}) }, `${Number(values.hours)}h`),
);
