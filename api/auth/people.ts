// People's access tokens from the council's OpenID provider: the provider found by
// discovery, its signing keys from its JWKS (fetched again when it rotates them), the
// signature checked with the asymmetric algorithms it announces, `iss` and `aud` exact,
// `exp` required and the clock skew bounded. Then the claims mapping (claims.ts).
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { Principal } from './roles.js';
import { DEV_API_AUDIENCE, DEV_OIDC_ISSUER } from '../../shared/dev-identity.js';
import { createLogger } from '../../shared/log.js';

const peopleLog = createLogger('api');
import { claimsMappingFromEnv, principalFromClaims, type ClaimsMapping } from './claims.js';

/** The embedded development provider's issuer and audience (infra/oidc-provider.ts). */
export { DEV_OIDC_ISSUER };
export const DEV_OIDC_AUDIENCE = DEV_API_AUDIENCE;
/** Never a shared secret (HS*) nor `none`: a person's token is signed by the provider's own key. */
export const asymmetricAlgorithms = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
export const MAX_CLOCK_SKEW_SECONDS = 300;

export interface OidcSettings {
  issuer: string;
  audience: string;
  clockSkewSeconds: number;
  /** When set, these instead of what the provider announces. */
  algorithms?: string[];
  claims: ClaimsMapping;
}

export function oidcSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): OidcSettings {
  const skew = Number(env.OIDC_CLOCK_SKEW_SECONDS ?? 60);
  if (!Number.isInteger(skew) || skew < 0 || skew > MAX_CLOCK_SKEW_SECONDS) throw new Error(`OIDC_CLOCK_SKEW_SECONDS must be a whole number from 0 to ${MAX_CLOCK_SKEW_SECONDS}`);
  const algorithms = env.OIDC_ALGORITHMS?.split(',').map((a) => a.trim()).filter(Boolean);
  if (algorithms?.some((a) => !asymmetricAlgorithms.includes(a))) throw new Error(`OIDC_ALGORITHMS must be among ${asymmetricAlgorithms.join(', ')}`);
  return {
    issuer: (env.OIDC_ISSUER || DEV_OIDC_ISSUER).replace(/\/$/, ''),
    audience: env.OIDC_AUDIENCE || DEV_OIDC_AUDIENCE,
    clockSkewSeconds: skew,
    algorithms: algorithms?.length ? algorithms : undefined,
    claims: claimsMappingFromEnv(env),
  };
}

export interface PeopleTokens {
  settings: OidcSettings;
  verify(token: string): Promise<Principal | undefined>;
}

interface Discovered {
  keys: JWTVerifyGetKey;
  algorithms: string[];
  /** The issuer exactly as the provider writes it (with or without a trailing slash). */
  issuer: string;
}

/**
 * A verifier for the provider's access tokens. Discovery happens on first use and again
 * after a failure, so the API starts while the provider is unreachable and recovers
 * (its tokens are refused meanwhile).
 */
export function peopleTokens(settings: OidcSettings): PeopleTokens {
  let discovered: Promise<Discovered> | undefined;
  const discover = async (): Promise<Discovered> => {
    const res = await fetch(`${settings.issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`discovery at ${settings.issuer} answered ${res.status}`);
    const doc = (await res.json()) as { issuer?: string; jwks_uri?: string; id_token_signing_alg_values_supported?: string[] };
    if (!doc.issuer || doc.issuer.replace(/\/$/, '') !== settings.issuer || !doc.jwks_uri) throw new Error(`discovery at ${settings.issuer} names another issuer`);
    const announced = (doc.id_token_signing_alg_values_supported ?? ['RS256']).filter((a) => asymmetricAlgorithms.includes(a));
    return { keys: createRemoteJWKSet(new URL(doc.jwks_uri)), algorithms: settings.algorithms ?? (announced.length ? announced : ['RS256']), issuer: doc.issuer };
  };
  return {
    settings,
    async verify(token) {
      discovered ??= discover().catch((err) => {
        discovered = undefined;
        throw err;
      });
      let d: Discovered;
      try {
        d = await discovered;
      } catch (err) {
        peopleLog.error({ err }, 'pitstop api: the identity provider could not be reached');
        return undefined;
      }
      try {
        const { payload } = await jwtVerify(token, d.keys, {
          issuer: d.issuer,
          audience: settings.audience,
          algorithms: d.algorithms,
          clockTolerance: settings.clockSkewSeconds,
          requiredClaims: ['exp', 'sub'],
        });
        return principalFromClaims(payload as Record<string, unknown>, settings.claims);
      } catch {
        return undefined;
      }
    },
  };
}
