// Signing in and out at the council's identity provider (the embedded development one
// unless OIDC_ISSUER names another): /sign-in starts the authorization code flow with
// PKCE, /auth/callback finishes it and starts a session, /sign-out ends the session here
// and at the provider (RP-initiated logout), coming back to /signed-out. Signing out
// everywhere also ends every other session the person has.
import { randomBytes } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { PageError } from '../api-client.js';
import { homeFor } from '../access.js';
import { renderPage } from '../render.js';
import { endSession, hashOf, readCookie, cookieName, SIGN_IN_COOKIE, startSession, writeCookie } from '../session.js';
import type { WebDeps } from '../deps.js';

/** A sign-in not finished within this long starts again. */
const SIGN_IN_MINUTES = 10;

/** Only a path on this service: never an open redirect to another site. */
export function safeNext(next: unknown): string | undefined {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return undefined;
  if (['/sign-in', '/sign-out', '/auth/', '/signed-out'].some((p) => next.startsWith(p))) return undefined;
  return next;
}

export function signInRoutes({ cfg, views, auth, sessionStore: store, oidc }: WebDeps): Router {
  const router = Router();
  /** The pages' own address, as registered at the provider. */
  const base = (req: Request) => cfg.oidc.baseUrl ?? `${req.protocol}://${req.get('host')}`;
  const problem = (req: Request, res: Response, heading: string, body: string, status: number) =>
    renderPage(views, cfg, req, res, 'error.njk', { pageTitle: heading, heading, body }, status);

  router.get('/sign-in', async (req, res) => {
    const next = safeNext(req.query.next);
    if (res.locals.session) return res.redirect(303, next ?? homeFor(res.locals.session.user.role));
    let started;
    try {
      started = await oidc.start(`${base(req)}/auth/callback`);
    } catch {
      throw new PageError(503, 'the identity provider did not answer');
    }
    const raw = randomBytes(32).toString('base64url');
    await store.startWebSignIn({ _id: hashOf(raw), ...started.pending, ...(next ? { next } : {}), createdAt: new Date() });
    writeCookie(cfg, req, res, SIGN_IN_COOKIE, raw, SIGN_IN_MINUTES * 60);
    res.redirect(303, started.url);
  });

  router.get('/auth/callback', async (req, res) => {
    const raw = readCookie(req, cookieName(cfg, req, SIGN_IN_COOKIE));
    const pending = raw ? await store.takeWebSignIn(hashOf(raw)) : undefined;
    writeCookie(cfg, req, res, SIGN_IN_COOKIE, '', 0);
    // No sign-in under way in this browser (or too old): start again.
    if (!pending || Date.now() - +new Date(pending.createdAt) > SIGN_IN_MINUTES * 60_000) return res.redirect(303, '/sign-in');
    if (req.query.error) return problem(req, res, 'You could not be signed in', 'The identity provider did not sign you in. Try again, or speak to your IT service desk.', 403);
    let tokens;
    try {
      tokens = await oidc.finish(new URL(req.originalUrl, base(req)), pending);
    } catch {
      return problem(req, res, 'You could not be signed in', 'The answer from the identity provider could not be checked. Try signing in again.', 400);
    }
    // Who they are, exactly as the API will see it on every call.
    const person = await auth.people.verify(tokens.accessToken);
    if (!person) {
      return problem(req, res, 'Your account has no role in this service', 'You signed in, but your account is not given one role and one agency for the front door. Speak to your front door manager or IT service desk.', 403);
    }
    if (res.locals.session) await endSession(cfg, store, req, res);
    const { id, name, role, agency, organisation } = person;
    await startSession(cfg, store, req, res, { id, name, role, agency, ...(organisation ? { organisation } : {}) }, tokens);
    res.redirect(303, pending.next ?? homeFor(role));
  });

  async function signOut(req: Request, res: Response, everywhere: boolean) {
    const s = res.locals.session;
    if (s && everywhere) await store.revokeWebSessions(s.user.id, new Date());
    await endSession(cfg, store, req, res);
    const atProvider = s ? await oidc.endSessionUrl(s.tokens.idToken, `${base(req)}/signed-out`).catch(() => undefined) : undefined;
    res.redirect(303, atProvider ?? '/signed-out');
  }
  router.post('/sign-out', (req, res) => signOut(req, res, false));
  router.post('/sign-out-everywhere', (req, res) => signOut(req, res, true));

  router.get('/signed-out', (req, res) => {
    renderPage(views, cfg, req, res, 'signed-out.njk', { pageTitle: 'You have signed out' });
  });

  return router;
}
