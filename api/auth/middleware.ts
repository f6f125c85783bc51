import type { RequestHandler } from 'express';
import { problems } from '../errors.js';
import { permits, requireRole, type Action } from '../policies.js';
import type { Principal } from './roles.js';
import { verifyPoliceKey, type AuthConfig } from './tokens.js';

declare module 'express-serve-static-core' {
  interface Locals {
    principal?: Principal;
    requestId?: string;
  }
}

/**
 * A bearer access token from the identity provider for people; `X-API-Key` for police
 * systems. No credentials → 401.
 */
export function authenticate(cfg: AuthConfig): RequestHandler {
  return (req, res, next) => {
    const header = req.get('authorization');
    const apiKey = req.get('x-api-key');
    const found: Promise<Principal | undefined> = header?.startsWith('Bearer ')
      ? cfg.people.verify(header.slice(7).trim())
      : Promise.resolve(apiKey ? verifyPoliceKey(cfg, apiKey) : undefined);
    found.then(
      (principal) => {
        if (!principal) return next(problems.unauthorized(header || apiKey ? 'the credentials are not valid' : undefined));
        res.locals.principal = principal;
        next();
      },
      (err) => next(err),
    );
  };
}

/**
 * A role the policy table does not allow for the action → 403, before the request is
 * validated or anything is read. Rules about the case in hand come later (`authorize`).
 * A police system's API key on an operation only people may call: the contract secures it
 * with a bearer token alone (api/openapi.ts), so that token is missing → 401, as an
 * unauthenticated request would get.
 */
export function allow(action: Action): RequestHandler {
  return (req, res, next) => {
    if (!req.get('authorization')?.startsWith('Bearer ') && !permits('police_system', action)) {
      return next(problems.unauthorized('this operation needs a bearer token (a police API key is for the police operations)'));
    }
    requireRole(res.locals.principal!, action);
    next();
  };
}
