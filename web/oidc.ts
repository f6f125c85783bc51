// The pages as a client of the council's identity provider (`openid-client`): the
// authorization code flow with PKCE to sign in, the refresh token to keep the person's
// access token fresh, and RP-initiated logout to sign out there too.
import * as oidc from 'openid-client';
import type { WebConfig } from './config.js';

export interface ProviderTokens {
  accessToken: string;
  refreshToken?: string;
  idToken?: string;
  accessExpiresAt: Date;
}

export interface PendingSignIn {
  codeVerifier: string;
  state: string;
  nonce: string;
}

function tokensOf(t: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers, previous?: ProviderTokens): ProviderTokens {
  return {
    accessToken: t.access_token,
    // A provider that does not rotate refresh tokens sends none back: keep the one we had.
    refreshToken: t.refresh_token ?? previous?.refreshToken,
    idToken: t.id_token ?? previous?.idToken,
    accessExpiresAt: new Date(Date.now() + (t.expiresIn() ?? 300) * 1000),
  };
}

export function webOidc(cfg: WebConfig['oidc']) {
  let configuration: Promise<oidc.Configuration> | undefined;
  // Discovered on first use, and again after a failure: the pages start while the provider is away.
  const discovered = () =>
    (configuration ??= oidc
      .discovery(new URL(cfg.issuer), cfg.clientId, undefined, oidc.ClientSecretBasic(cfg.clientSecret), {
        // Plain http only for a provider on this machine (the embedded development one).
        ...(/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(cfg.issuer) ? { execute: [oidc.allowInsecureRequests] } : {}),
        timeout: 10,
      })
      .catch((err: unknown) => {
        configuration = undefined;
        throw err;
      }));

  return {
    /** Where to send the browser to sign in, and what to keep until it comes back. */
    async start(redirectUri: string): Promise<{ url: string; pending: PendingSignIn }> {
      const config = await discovered();
      const pending = { codeVerifier: oidc.randomPKCECodeVerifier(), state: oidc.randomState(), nonce: oidc.randomNonce() };
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: cfg.scope,
        code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
        code_challenge_method: 'S256',
        state: pending.state,
        nonce: pending.nonce,
      });
      return { url: url.href, pending };
    },
    /** The code the provider sent back, exchanged for the person's tokens (state, nonce and PKCE checked). */
    async finish(callbackUrl: URL, pending: PendingSignIn): Promise<ProviderTokens> {
      const config = await discovered();
      const t = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      return tokensOf(t);
    },
    /**
     * Fresh tokens, or `refused` when the provider says no (the person removed, the grant
     * revoked, no refresh token): the session ends. Throws when the provider cannot be reached.
     */
    async refresh(tokens: ProviderTokens): Promise<{ refused: true } | { refused: false; tokens: ProviderTokens }> {
      if (!tokens.refreshToken) return { refused: true };
      const config = await discovered();
      try {
        return { refused: false, tokens: tokensOf(await oidc.refreshTokenGrant(config, tokens.refreshToken), tokens) };
      } catch (err) {
        if (err instanceof oidc.ResponseBodyError) return { refused: true };
        throw err;
      }
    },
    /** The provider's sign-out address, coming back to `postLogoutRedirectUri`. */
    async endSessionUrl(idToken: string | undefined, postLogoutRedirectUri: string): Promise<string | undefined> {
      const config = await discovered();
      if (!config.serverMetadata().end_session_endpoint) return undefined;
      return oidc.buildEndSessionUrl(config, { post_logout_redirect_uri: postLogoutRedirectUri, ...(idToken ? { id_token_hint: idToken } : {}), client_id: cfg.clientId }).href;
    },
  };
}

export type WebOidc = ReturnType<typeof webOidc>;
