// Settings of the web pages, from the environment. Development defaults only; see the
// README's "Web pages" section.

import { DEV_SESSION_SECRET } from '../shared/production.js';

export { DEV_SESSION_SECRET };

export interface WebConfig {
  /**
   * The development sign-in page (pick a synthetic user). On unless WEB_DEV_SIGN_IN is
   * false: production signs people in through the council's identity provider instead.
   */
  devSignIn: boolean;
  /** HMAC key for the session cookie. */
  sessionSecret: string;
  /** How long a sign-in lasts: one shift. */
  sessionHours: number;
}

export function loadWebConfig(env: NodeJS.ProcessEnv = process.env): WebConfig {
  const flag = (env.WEB_DEV_SIGN_IN ?? 'true').trim().toLowerCase();
  if (!['true', 'false', '1', '0', 'yes', 'no'].includes(flag)) throw new Error('WEB_DEV_SIGN_IN must be true or false');
  const devSignIn = ['true', '1', 'yes'].includes(flag);
  const sessionSecret = env.WEB_SESSION_SECRET ?? DEV_SESSION_SECRET;
  // With development sign-in off the service is meant for real people: a known secret
  // would let anyone forge a session cookie.
  if (!devSignIn && sessionSecret === DEV_SESSION_SECRET) {
    throw new Error('WEB_SESSION_SECRET must be set (32+ characters) when WEB_DEV_SIGN_IN is false');
  }
  if (sessionSecret.length < 32) throw new Error('WEB_SESSION_SECRET must be at least 32 characters');
  const hours = Number(env.WEB_SESSION_HOURS ?? 8);
  if (!Number.isFinite(hours) || hours <= 0 || hours > 24) throw new Error('WEB_SESSION_HOURS must be a number of hours from 1 to 24');
  return { devSignIn, sessionSecret, sessionHours: hours };
}
