export interface ProviderTokens {
  access_token: string;
  id_token?: string;
  expires_in: number;
  token_type: string;
}
export function signInAtProvider(opts: { issuer: string; clientId: string; redirectUri: string; login: string; scope?: string }): Promise<ProviderTokens>;
