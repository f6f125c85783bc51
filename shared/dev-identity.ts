// The embedded development identity provider's fixed names (infra/oidc-provider.ts), apart
// from the provider itself so a client (a test, `npm run token`) needs no provider code.

/** The audience of the engine's API in the development provider's access tokens. */
export const DEV_API_AUDIENCE = 'api://pitstop';
/** The pages' client (authorization code + PKCE, with a secret). */
export const DEV_WEB_CLIENT_ID = 'pitstop-web';
export const DEV_WEB_CLIENT_SECRET = 'pitstop-web-development-client-secret';
/** The public client of `npm run token` and the tests (authorization code + PKCE, no secret). */
export const DEV_CLI_CLIENT_ID = 'pitstop-cli';
export const DEV_CLI_REDIRECT_URI = 'http://127.0.0.1/pitstop-cli/callback';
/** The login value that carries a made-up person (tests only, `adHocPeople`). */
export const AD_HOC_PREFIX = 'ad-hoc:';
/** The embedded provider's issuer under `npm start` (PITSTOP_OIDC_PORT 3001): the default of OIDC_ISSUER. */
export const DEV_OIDC_ISSUER = 'http://127.0.0.1:3001';
