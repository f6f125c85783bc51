// What every page module needs, handed down by webRoutes (web/routes.ts).
import type { AuthConfig } from '../api/auth/tokens.js';
import type { FrontDoorPolicy } from '../shared/config.js';
import type { WebConfig } from './config.js';
import type { Views } from './render.js';
import type { WebOidc } from './oidc.js';
import type { SessionUser, WebSessionStore } from './session.js';

/** A refusal by the pages themselves, for the audit trail: who (if signed in), where, why in the engine's words. */
export interface PageRefusal {
  user?: SessionUser;
  requestId?: string;
  /** e.g. "POST /cases/:id/rating (pages)". */
  resource: string;
  status: number;
  reason: string;
}
export type RecordRefusal = (refusal: PageRefusal) => Promise<void>;

export interface WebDeps {
  auth: AuthConfig;
  policy: FrontDoorPolicy;
  cfg: WebConfig;
  views: Views;
  sessionStore: WebSessionStore;
  oidc: WebOidc;
  /** Writes a refusal of the pages' own to the audit trail (wired by server/app.ts). */
  recordRefusal?: RecordRefusal;
}
