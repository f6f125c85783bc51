// The page guard: signed in, and a role that may use the page (web/access.ts). The API
// checks the role, the agency and the case again on every call behind the page.
import type { RequestHandler } from 'express';
import { RefusedByPages } from './api-client.js';
import { mayUse, type PageName } from './access.js';
import { roleLabels } from './labels.js';

export function guard(page: PageName): RequestHandler {
  return (_req, res, next) => {
    const user = res.locals.session?.user;
    if (!user) return next(new RefusedByPages(401));
    if (!mayUse(user.role, page)) return next(new RefusedByPages(403, `${roleLabels[user.role] ?? user.role}s do not use this page`));
    next();
  };
}
