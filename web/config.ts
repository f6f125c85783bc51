// Settings of the web pages, from the environment: how they sign people in at the
// identity provider and how long a session lasts. Development defaults only (the embedded
// provider and its web client); see the README's "Production" section and docs/access.md.
import { DEV_OIDC_ISSUER, DEV_WEB_CLIENT_ID, DEV_WEB_CLIENT_SECRET } from '../shared/dev-identity.js';
import { isProduction } from '../shared/production.js';

export interface WebConfig {
  oidc: {
    issuer: string;
    clientId: string;
    clientSecret: string;
    /** What the pages ask for: an ID token, a refresh token, and an access token for the API. */
    scope: string;
    /**
     * The pages' public address (`https://frontdoor.example.gov.uk`): the redirect and
     * sign-out addresses registered at the provider. Unset in development: the address
     * the request came to.
     */
    baseUrl?: string;
  };
  /** The embedded development provider: synthetic people only (the pages say so). */
  developmentProvider: boolean;
  /** A session ends this long after sign-in, whatever happens (one shift). */
  sessionHours: number;
  /** A session not used for this long ends. */
  idleMinutes: number;
  /** Cookies are `__Host-` and `Secure` in production, and whenever the request came over https. */
  production: boolean;
}

export function loadWebConfig(env: NodeJS.ProcessEnv = process.env): WebConfig {
  const hours = Number(env.WEB_SESSION_HOURS ?? 8);
  if (!Number.isFinite(hours) || hours <= 0 || hours > 24) throw new Error('WEB_SESSION_HOURS must be a number of hours from 1 to 24');
  const idle = Number(env.WEB_SESSION_IDLE_MINUTES ?? 30);
  if (!Number.isInteger(idle) || idle < 5 || idle > 24 * 60) throw new Error('WEB_SESSION_IDLE_MINUTES must be a whole number of minutes from 5 to 1440');
  const baseUrl = env.WEB_BASE_URL?.replace(/\/$/, '') || undefined;
  if (baseUrl && !/^https?:\/\/[^/]+$/.test(baseUrl)) throw new Error('WEB_BASE_URL must be the pages\' address: https://host[:port], no path');
  const issuer = (env.OIDC_ISSUER || DEV_OIDC_ISSUER).replace(/\/$/, '');
  return {
    oidc: {
      issuer,
      clientId: env.WEB_OIDC_CLIENT_ID || DEV_WEB_CLIENT_ID,
      clientSecret: env.WEB_OIDC_CLIENT_SECRET || DEV_WEB_CLIENT_SECRET,
      scope: env.WEB_OIDC_SCOPE || 'openid profile offline_access api',
      baseUrl,
    },
    developmentProvider: issuer === DEV_OIDC_ISSUER || !env.OIDC_ISSUER,
    sessionHours: hours,
    idleMinutes: idle,
    production: isProduction(env),
  };
}
