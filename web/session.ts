// Sessions in a signed cookie (HMAC-SHA256), so any API process can serve any request
// and a restart signs nobody out; nothing is stored on the server. The cookie carries
// who is signed in, the CSRF token and the PIT Stop register (staff names and agencies),
// never anything about a child. HttpOnly, SameSite=Lax, Secure over https; it expires
// with the shift (WEB_SESSION_HOURS) and signing out clears it.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import { agencies } from '../shared/codes.js';
import { roles } from '../api/auth/roles.js';
import type { WebConfig } from './config.js';

export const SESSION_COOKIE = 'pitstop_session';
/** Browsers keep cookies of up to 4096 bytes; stay clear of it. */
const MAX_COOKIE_BYTES = 3800;

const attendeeSchema = z.object({ name: z.string().min(1).max(80), agency: z.enum(agencies) });

const sessionSchema = z.object({
  csrf: z.string().min(32),
  /** Expiry, milliseconds since the epoch. */
  exp: z.number(),
  user: z
    .object({
      id: z.string(),
      name: z.string(),
      role: z.enum(roles),
      agency: z.string(),
    })
    .optional(),
  /** The register of the PIT Stop meeting being run: who attended, for every decision. */
  register: z.object({ date: z.string().date(), attendees: z.array(attendeeSchema).min(1).max(20) }).optional(),
});
export type SessionData = z.infer<typeof sessionSchema>;
export type Attendee = z.infer<typeof attendeeSchema>;

declare module 'express-serve-static-core' {
  interface Locals {
    session?: SessionData;
    /** Set when the session changed and the cookie must be written again. */
    sessionDirty?: boolean;
  }
}

const b64 = (buf: Buffer) => buf.toString('base64url');

function sign(secret: string, payload: string): string {
  return b64(createHmac('sha256', secret).update(payload).digest());
}

export function encodeSession(secret: string, data: SessionData): string {
  const payload = b64(Buffer.from(JSON.stringify(data)));
  return `${payload}.${sign(secret, payload)}`;
}

export function decodeSession(secret: string, value: string | undefined, now = Date.now()): SessionData | undefined {
  if (!value) return undefined;
  const dot = value.indexOf('.');
  if (dot < 1) return undefined;
  const payload = value.slice(0, dot);
  const given = Buffer.from(value.slice(dot + 1));
  const expected = Buffer.from(sign(secret, payload));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const parsed = sessionSchema.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    if (!parsed.success || parsed.data.exp <= now) return undefined;
    return parsed.data;
  } catch {
    return undefined;
  }
}

function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export const newSession = (cfg: WebConfig): SessionData => ({
  csrf: b64(randomBytes(32)),
  exp: Date.now() + cfg.sessionHours * 3600_000,
});

/** Served over https, directly or behind a proxy that terminates TLS. */
const overHttps = (req: Request) => req.secure || req.get('x-forwarded-proto') === 'https';

function writeCookie(req: Request, res: Response, value: string, maxAgeSeconds: number) {
  const attributes = [`${SESSION_COOKIE}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${maxAgeSeconds}`];
  if (overHttps(req)) attributes.push('Secure');
  res.append('Set-Cookie', attributes.join('; '));
}

/** Reads the session (a fresh anonymous one when absent, forged or expired). */
export function sessions(cfg: WebConfig): RequestHandler {
  return (req, res, next) => {
    const existing = decodeSession(cfg.sessionSecret, readCookie(req, SESSION_COOKIE));
    res.locals.session = existing ?? newSession(cfg);
    res.locals.sessionDirty = !existing;
    next();
  };
}

/** Writes the session cookie if it changed: call before sending a response. */
export function saveSession(cfg: WebConfig, req: Request, res: Response) {
  if (!res.locals.sessionDirty || !res.locals.session) return;
  const value = encodeSession(cfg.sessionSecret, res.locals.session);
  if (value.length > MAX_COOKIE_BYTES) throw new Error('the session is too large for its cookie');
  writeCookie(req, res, value, Math.max(0, Math.floor((res.locals.session.exp - Date.now()) / 1000)));
  res.locals.sessionDirty = false;
}

export function updateSession(res: Response, change: (s: SessionData) => SessionData) {
  res.locals.session = change(res.locals.session!);
  res.locals.sessionDirty = true;
}

/** Signing in or out starts a new session: a new CSRF token, nothing carried over. */
export function replaceSession(cfg: WebConfig, res: Response, user?: SessionData['user']) {
  res.locals.session = { ...newSession(cfg), ...(user ? { user } : {}) };
  res.locals.sessionDirty = true;
}

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

/** Redirect after a POST (or a sign-in), writing the session first if it changed. */
export function redirect(cfg: WebConfig, req: Request, res: Response, url: string) {
  saveSession(cfg, req, res);
  res.redirect(303, url);
}
