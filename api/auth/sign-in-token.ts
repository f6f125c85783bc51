// A person's access token for local use, from the identity provider (the embedded
// development one that `npm start` runs, unless OIDC_ISSUER names another), through its
// login page with the public CLI client, as a browser would sign in:
//   npm run token -- --person dev-front-door-manager
//   npm run token -- --role lead_agency_worker --agency education
// Nothing here signs a token: the provider does. A police system has no token: it sends
// its force's API key (X-API-Key).
import { parseArgs } from 'node:util';
import { signInAtProvider } from '../../infra/oidc-login.mjs';
import { DEV_CLI_CLIENT_ID, DEV_CLI_REDIRECT_URI } from '../../shared/dev-identity.js';
import { syntheticPeople, syntheticPersonFor } from '../../shared/synthetic-people.js';
import { oidcSettingsFromEnv } from './people.js';

const { values } = parseArgs({
  options: {
    person: { type: 'string' },
    role: { type: 'string' },
    agency: { type: 'string' },
  },
});

function usage(problem: string): never {
  console.error(`${problem}
usage: npm run token -- --person <id>          (one of: ${syntheticPeople.map((p) => p.id).join(', ')})
       npm run token -- --role <role> [--agency <agency>]`);
  process.exit(2);
}

if (values.role === 'police_system') usage('a police system has no person\'s token: it sends its force\'s key in X-API-Key');
const login = values.person ?? (values.role ? syntheticPersonFor(values.role, values.agency)?.id : undefined);
if (!login) usage(values.role ? `no synthetic person is a ${values.role}${values.agency ? ` of ${values.agency}` : ''}` : 'name a person or a role');

const { issuer } = oidcSettingsFromEnv();
signInAtProvider({ issuer, clientId: DEV_CLI_CLIENT_ID, redirectUri: DEV_CLI_REDIRECT_URI, login }).then(
  (tokens) => console.log(tokens.access_token),
  (err: unknown) => {
    console.error(`npm run token: ${err instanceof Error ? err.message : String(err)} (is \`npm start\` running? its provider is ${issuer})`);
    process.exit(1);
  },
);
