// Development sign-in: pick one of the synthetic people (web/users.ts). Production signs
// people in through the council's identity provider (a later change); with
// WEB_DEV_SIGN_IN=false this page signs nobody in.
import { Router } from 'express';
import { PageError } from '../api-client.js';
import { homeFor } from '../access.js';
import { agencyLabels, roleLabels } from '../labels.js';
import { renderPage } from '../render.js';
import { replaceSession, saveSession } from '../session.js';
import { devUserById, devUsers } from '../users.js';
import type { WebDeps } from '../deps.js';

/** Only a path on this service: never an open redirect to another site. */
export function safeNext(next: unknown): string | undefined {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return undefined;
  if (next.startsWith('/sign-in') || next.startsWith('/sign-out')) return undefined;
  return next;
}

export function signInRoutes({ cfg, views }: WebDeps): Router {
  const router = Router();

  const page = (req: Parameters<typeof renderPage>[2], res: Parameters<typeof renderPage>[3], extra: Record<string, unknown> = {}, status = 200) =>
    renderPage(views, cfg, req, res, 'sign-in.njk', {
      pageTitle: 'Sign in',
      users: devUsers.map((u) => ({ ...u, roleLabel: roleLabels[u.role], agencyLabel: agencyLabels[u.agency as keyof typeof agencyLabels] })),
      next: safeNext(req.query.next ?? (req.body as Record<string, unknown> | undefined)?.next),
      ...extra,
    }, status);

  router.get('/sign-in', (req, res) => {
    if (!cfg.devSignIn) return page(req, res, {}, 503);
    page(req, res, {
      notice: req.query.signedOut === '1' ? { type: 'success', title: 'Signed out', text: 'You have signed out.' } : undefined,
    });
  });

  router.post('/sign-in', (req, res) => {
    if (!cfg.devSignIn) throw new PageError(403, 'development sign-in is off');
    const body = req.body as Record<string, string>;
    const user = devUserById(String(body.userId ?? ''));
    if (!user) {
      return page(req, res, {
        errorSummary: [{ text: 'Select who you are signing in as', href: '#userId' }],
        fieldError: { text: 'Select who you are signing in as' },
      }, 400);
    }
    replaceSession(cfg, res, { id: user.id, name: user.name, role: user.role, agency: user.agency });
    saveSession(cfg, req, res);
    res.redirect(303, safeNext(body.next) ?? homeFor(user.role));
  });

  router.post('/sign-out', (req, res) => {
    replaceSession(cfg, res);
    saveSession(cfg, req, res);
    res.redirect(303, '/sign-in?signedOut=1');
  });

  return router;
}
