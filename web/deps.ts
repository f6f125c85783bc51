// What every page module needs, handed down by webRoutes (web/routes.ts).
import type { AuthConfig } from '../api/auth/tokens.js';
import type { FrontDoorPolicy } from '../shared/config.js';
import type { WebConfig } from './config.js';
import type { Views } from './render.js';
import type { WebOidc } from './oidc.js';
import type { WebSessionStore } from './session.js';

export interface WebDeps {
  auth: AuthConfig;
  policy: FrontDoorPolicy;
  cfg: WebConfig;
  views: Views;
  sessionStore: WebSessionStore;
  oidc: WebOidc;
}
