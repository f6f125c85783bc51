// Sessions kept server-side, in MongoDB through the store (shared/db/store-sessions.ts), so
// any API replica serves any page and a session can be ended at once: signing out ends it,
// signing out everywhere ends every session the person began before, and a refresh the
// provider refuses (the person removed there) ends it at their next page. The cookie holds
// only a random value (the database keeps its SHA-256); HttpOnly, SameSite=Lax, and
// `__Host-` with `Secure` in production (and over https). A session ends WEB_SESSION_HOURS
// after sign-in whatever happens, and after WEB_SESSION_IDLE_MINUTES unused.
//
// The session holds who is signed in (from the provider's access token, as the API maps
// it), the CSRF token, the provider's tokens (the pages call the API with the person's own
// access token, refreshed when it expires), never anything about a child. The PIT Stop's
// register is the meeting's record, kept by the API, not here.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Principal } from '../api/auth/roles.js';
import type { WebConfig } from './config.js';
import type { ProviderTokens, WebOidc } from './oidc.js';

export const SESSION_COOKIE = 'pitstop_session';
export const SIGN_IN_COOKIE = 'pitstop_signin';
/** A session's "last used" is written at most this often. */
const SEEN_EVERY_MS = 60_000;
/** An access token this close to expiry is refreshed first. */
const REFRESH_BEFORE_MS = 60_000;

export type SessionUser = Pick<Principal, 'id' | 'name' | 'role' | 'agency' | 'organisation'>;

/** A session as stored (the store's WebSessionRecord). */
export interface StoredSession {
  _id: string;
  /** As mapped from the provider's token when the session began (role: one of roles). */
  user: { id: string; name: string; role: string; agency: string; organisation?: string };
  csrf: string;
  tokens: ProviderTokens;
  createdAt: Date;
  expiresAt: Date;
  seenAt: Date;
}

/** What the pages need of the store (server/app.ts hands them the engine's store). */
export interface WebSessionStore {
  startWebSession(s: StoredSession): Promise<void>;
  readWebSession(id: string): Promise<{ session: StoredSession; revokedBefore?: Date } | undefined>;
  updateWebSession(id: string, fields: Partial<Pick<StoredSession, 'seenAt' | 'tokens'>>): Promise<void>;
  endWebSession(id: string): Promise<void>;
  revokeWebSessions(userId: string, before: Date): Promise<void>;
  startWebSignIn(s: { _id: string; codeVerifier: string; state: string; nonce: string; next?: string; createdAt: Date }): Promise<void>;
  takeWebSignIn(id: string): Promise<{ codeVerifier: string; state: string; nonce: string; next?: string; createdAt: Date } | undefined>;
}

export interface SessionData {
  id: string;
  csrf: string;
  user: SessionUser;
  tokens: ProviderTokens;
}

declare module 'express-serve-static-core' {
  interface Locals {
    session?: SessionData;
    /** A write of the session under way: a response waits for it (`whenSaved`). */
    sessionWrite?: Promise<void>;
    /** The signed-in person's access token for the API, refreshed if need be; undefined once the session is over. */
    accessToken?: () => Promise<string | undefined>;
  }
}

export const hashOf = (value: string) => createHash('sha256').update(value).digest('base64url');
const newSecret = () => randomBytes(32).toString('base64url');

/** `__Host-` and Secure in production or over https; plain over http in development (a browser refuses a `__Host-` cookie without Secure). */
const secure = (cfg: WebConfig, req: Request) => cfg.production || req.secure;
export const cookieName = (cfg: WebConfig, req: Request, base: string) => (secure(cfg, req) ? `__Host-${base}` : base);

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function writeCookie(cfg: WebConfig, req: Request, res: Response, base: string, value: string, maxAgeSeconds: number) {
  const attributes = [`${cookieName(cfg, req, base)}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`];
  if (secure(cfg, req)) attributes.push('Secure');
  res.append('Set-Cookie', attributes.join('; '));
}

/** Why a stored session is over, or undefined while it lasts. */
export function sessionOver(cfg: WebConfig, s: StoredSession, revokedBefore: Date | undefined, now = Date.now()): string | undefined {
  if (+s.expiresAt <= now) return 'expired';
  if (now - +s.seenAt > cfg.idleMinutes * 60_000) return 'idle';
  if (revokedBefore && +s.createdAt <= +revokedBefore) return 'signed out everywhere';
  return undefined;
}

const refreshing = new Map<string, Promise<ProviderTokens | undefined>>();

/** Reads the session of the request's cookie; a session that is over is deleted. */
export function sessions(cfg: WebConfig, store: WebSessionStore, oidc: WebOidc): RequestHandler {
  return async (req, res, next) => {
    try {
      const raw = readCookie(req, cookieName(cfg, req, SESSION_COOKIE));
      const found = raw ? await store.readWebSession(hashOf(raw)) : undefined;
      if (found) {
        const { session: s } = found;
        if (sessionOver(cfg, s, found.revokedBefore)) {
          await store.endWebSession(s._id);
          writeCookie(cfg, req, res, SESSION_COOKIE, '', 0);
        } else {
          res.locals.session = { id: s._id, csrf: s.csrf, user: s.user as SessionUser, tokens: s.tokens };
          if (Date.now() - +s.seenAt > SEEN_EVERY_MS) await store.updateWebSession(s._id, { seenAt: new Date() });
        }
      }
      let token: Promise<string | undefined> | undefined;
      res.locals.accessToken = () => (token ??= freshAccessToken(store, oidc, res));
      next();
    } catch (err) {
      next(err);
    }
  };
}

async function freshAccessToken(store: WebSessionStore, oidc: WebOidc, res: Response): Promise<string | undefined> {
  const s = res.locals.session;
  if (!s) return undefined;
  if (+new Date(s.tokens.accessExpiresAt) - Date.now() > REFRESH_BEFORE_MS) return s.tokens.accessToken;
  // One refresh at a time for a session in this process (a page's calls share it).
  let pending = refreshing.get(s.id);
  if (!pending) {
    pending = (async () => {
      const answer = await oidc.refresh(s.tokens);
      if (answer.refused) return undefined;
      await store.updateWebSession(s.id, { tokens: answer.tokens });
      return answer.tokens;
    })().finally(() => refreshing.delete(s.id));
    refreshing.set(s.id, pending);
  }
  const tokens = await pending;
  if (!tokens) {
    // Refused by the provider: the person was removed or their grant revoked there.
    await store.endWebSession(s.id);
    res.locals.session = undefined;
    return undefined;
  }
  s.tokens = tokens;
  return tokens.accessToken;
}

/** A new session for the person just signed in at the provider: a new id and CSRF token, nothing carried over. */
export async function startSession(cfg: WebConfig, store: WebSessionStore, req: Request, res: Response, user: SessionUser, tokens: ProviderTokens) {
  const raw = newSecret();
  const now = new Date();
  const expiresAt = new Date(+now + cfg.sessionHours * 3600_000);
  const stored: StoredSession = { _id: hashOf(raw), user, csrf: newSecret(), tokens, createdAt: now, expiresAt, seenAt: now };
  await store.startWebSession(stored);
  writeCookie(cfg, req, res, SESSION_COOKIE, raw, (+expiresAt - +now) / 1000);
  res.locals.session = { id: stored._id, csrf: stored.csrf, user, tokens };
}

/** Signing out: the session is deleted and its cookie cleared. */
export async function endSession(cfg: WebConfig, store: WebSessionStore, req: Request, res: Response) {
  if (res.locals.session) await store.endWebSession(res.locals.session.id);
  res.locals.session = undefined;
  writeCookie(cfg, req, res, SESSION_COOKIE, '', 0);
}

/** Once any write of the session has landed. */
export const whenSaved = (res: Response): Promise<void> => res.locals.sessionWrite ?? Promise.resolve();

/**
 * Every form POST carries the session's CSRF token in a hidden field; a form from
 * elsewhere cannot know it. SameSite=Lax already keeps the cookie off cross-site POSTs;
 * the token is the check that does not depend on the browser.
 */
export function csrfTokenMatches(res: Response, given: unknown): boolean {
  const expected = res.locals.session?.csrf;
  if (!expected || typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Redirect after a POST, once the session's writes have landed. */
export function redirect(_cfg: WebConfig, _req: Request, res: Response, url: string) {
  whenSaved(res).then(
    () => res.redirect(303, url),
    () => res.status(503).type('text').send('The session could not be saved: try again.'),
  );
}
