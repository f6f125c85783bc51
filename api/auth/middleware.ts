import type { RequestHandler } from 'express';
import { problems } from '../errors.js';
import type { Principal, Role } from './roles.js';
import { verifyPoliceKey, verifyToken, type AuthConfig } from './tokens.js';

declare module 'express-serve-static-core' {
  interface Locals {
    principal?: Principal;
    requestId?: string;
  }
}

/** Bearer JWT for people; `X-API-Key` for police systems. No credentials → 401. */
export function authenticate(cfg: AuthConfig): RequestHandler {
  return (req, res, next) => {
    const header = req.get('authorization');
    const apiKey = req.get('x-api-key');
    let principal: Principal | undefined;
    if (header?.startsWith('Bearer ')) principal = verifyToken(cfg, header.slice(7).trim());
    else if (apiKey) principal = verifyPoliceKey(cfg, apiKey);
    if (!principal) return next(problems.unauthorized(header || apiKey ? 'the credentials are not valid' : undefined));
    res.locals.principal = principal;
    next();
  };
}

/** The wrong role → 403. */
export function allow(...allowed: Role[]): RequestHandler {
  return (_req, res, next) => {
    const p = res.locals.principal!;
    if (!allowed.includes(p.role)) return next(problems.forbidden(`${p.role} may not do this`));
    next();
  };
}
