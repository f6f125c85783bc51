// The web pages: server-rendered GOV.UK Design System pages over the engine's own JSON
// API (see api-client.ts). Mounted at / by server/app.ts (the composition root); the API keeps /api/v1, /docs,
// /openapi.json and /health.
import express, { Router, type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuthConfig } from '../api/auth/tokens.js';
import type { FrontDoorPolicy } from '../shared/config.js';
import { loggableError } from '../shared/log-safe.js';
import { PageError, RefusedByPages } from './api-client.js';
import { homeFor } from './access.js';
import { loadWebConfig, type WebConfig } from './config.js';
import { compileViews, createViews, govukFrontendDir, renderPage } from './render.js';
import type { RecordRefusal, WebDeps } from './deps.js';
import { csrfTokenMatches, sessions, type WebSessionStore } from './session.js';
import { webOidc } from './oidc.js';
import { signInRoutes } from './pages/sign-in.js';
import { pitStopRoutes } from './pages/pitstop.js';
import { registerRoutes } from './pages/pitstop-register.js';
import { triageRoutes } from './pages/pitstop-case.js';
import { caseSearchRoutes } from './pages/case-search.js';
import { casePageRoutes } from './pages/cases.js';
import { ratingRoutes } from './pages/case-rating.js';
import { addressConfidentialityRoutes } from './pages/address-confidentiality.js';
import { duplicateRoutes } from './pages/duplicate.js';
import { conferenceRoutes } from './pages/conference.js';
import { amendmentRoutes } from './pages/case-amend.js';
import { queuePageRoutes } from './pages/queues.js';
import { partnerRoutes } from './pages/partner.js';
import { breakGlassRoutes, renderBreakGlassForm } from './pages/break-glass.js';
import { allocationRoutes } from './pages/allocations.js';
import { strategyDiscussionRoutes } from './pages/strategy-discussion.js';
import { figuresPageRoutes } from './pages/figures.js';
import { figuresOverTimeRoutes } from './pages/figures-over-time.js';
import { returnsRoutes } from './pages/returns.js';
import { childEthnicityRoutes } from './pages/child-ethnicity.js';
import { personRightsPageRoutes } from './pages/person-rights.js';
import { personLinkPageRoutes } from './pages/person-links.js';
import { themesPageRoutes } from './pages/themes.js';
import { auditPageRoutes } from './pages/audit.js';
import { chronologyRoutes } from './pages/chronology.js';
import { referralPageRoutes } from './pages/referrals.js';
import { minutesRoutes } from './pages/minutes.js';

export interface WebOptions {
  auth: AuthConfig;
  policy: FrontDoorPolicy;
  /** Where sessions are kept (the engine's store). */
  sessionStore: WebSessionStore;
  config?: WebConfig;
  /** Refusals of the pages' own (a page not for the role, CSRF) into the audit trail. */
  recordRefusal?: RecordRefusal;
  /** Every template compiled now, before the first page (`compileViews`): what a process serving people does. */
  compileViews?: boolean;
}


// Scripts and styles from files on this server only: no inline script, no CDN. Forms
// post here; signing out is redirected on to the identity provider (`form-action` covers it).
const pagePolicy = (providerOrigin: string) => [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  `form-action 'self' ${providerOrigin}`,
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

const publicDir = join(import.meta.dirname, 'public');

/**
 * GOV.UK Frontend's stylesheet, with Arial for GDS Transport: that typeface (and the
 * crown) is licensed for services on GOV.UK only, and a council's front door is not one.
 * The same change as setting $govuk-font-family in Sass, without a build step.
 */
function councilStylesheet(): string {
  const css = readFileSync(join(govukFrontendDir, 'govuk', 'govuk-frontend.min.css'), 'utf8');
  return css.replace(/@font-face\{[^}]*\}/g, '').replace(/GDS Transport,/g, '');
}

export function webRoutes(opts: WebOptions): Router {
  const cfg = opts.config ?? loadWebConfig();
  const views = createViews(opts.policy.calendar);
  if (opts.compileViews) compileViews(views);
  const oidc = webOidc(cfg.oidc);
  const PAGE_POLICY = pagePolicy(new URL(cfg.oidc.issuer).origin);
  const deps: WebDeps = { auth: opts.auth, policy: opts.policy, cfg, views, sessionStore: opts.sessionStore, oidc, recordRefusal: opts.recordRefusal };
  const router = Router();

  // The API's paths are not pages: leave them (and their 404s) to the API.
  router.use((req, _res, next) => (req.path.startsWith('/api/') ? next('router') : next()));

  const stylesheet = councilStylesheet();
  const assetHeaders: RequestHandler = (_req, res, next) => {
    res.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
    res.setHeader('Cache-Control', 'public, max-age=300');
    next();
  };
  router.get('/assets/govuk-frontend.min.css', assetHeaders, (_req, res) => {
    res.type('text/css').send(stylesheet);
  });
  router.get('/assets/govuk-frontend.min.js', assetHeaders, (_req, res) => {
    res.type('application/javascript').sendFile(join(govukFrontendDir, 'govuk', 'govuk-frontend.min.js'));
  });
  router.use('/assets', assetHeaders, express.static(publicDir, { index: false, fallthrough: false }));

  router.use((_req, res, next) => {
    res.setHeader('Content-Security-Policy', PAGE_POLICY);
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  router.use(sessions(cfg, opts.sessionStore, oidc));
  router.use(express.urlencoded({ extended: false, limit: '100kb', parameterLimit: 500 }));

  // Every form POST carries the session's CSRF token.
  router.use((req, res, next) => {
    if (req.method !== 'POST') return next();
    if (!csrfTokenMatches(res, (req.body as Record<string, unknown> | undefined)?._csrf)) return next(new RefusedByPages(403, 'csrf'));
    next();
  });

  router.get('/', (_req, res) => {
    const user = res.locals.session?.user;
    res.redirect(303, user ? homeFor(user.role) : '/sign-in');
  });

  router.use(signInRoutes(deps));
  router.use(pitStopRoutes(deps));
  router.use(registerRoutes(deps));
  router.use(triageRoutes(deps));
  // Before the case page: /cases/by-reference is not a case id.
  router.use(caseSearchRoutes(deps));
  router.use(casePageRoutes(deps));
  router.use(ratingRoutes(deps));
  router.use(addressConfidentialityRoutes(deps));
  router.use(duplicateRoutes(deps));
  router.use(conferenceRoutes(deps));
  router.use(childEthnicityRoutes(deps));
  router.use(personRightsPageRoutes(deps));
  router.use(personLinkPageRoutes(deps));
  router.use(amendmentRoutes(deps));
  router.use(queuePageRoutes(deps));
  router.use(partnerRoutes(deps));
  router.use(allocationRoutes(deps));
  router.use(strategyDiscussionRoutes(deps));
  router.use(figuresPageRoutes(deps));
  router.use(figuresOverTimeRoutes(deps));
  router.use(returnsRoutes(deps));
  router.use(themesPageRoutes(deps));
  router.use(auditPageRoutes(deps));
  router.use(chronologyRoutes(deps));
  router.use(referralPageRoutes(deps));
  router.use(minutesRoutes(deps));
  router.use(breakGlassRoutes(deps));

  // A browser asking for a page that does not exist gets a page; other clients get the
  // API's problem+json 404.
  router.use((req, res, next) => {
    if (req.method !== 'GET' || req.accepts(['json', 'html']) !== 'html' || req.path.startsWith('/docs')) return next('router');
    next(new PageError(404));
  });

  router.use(pageErrors(deps));
  return router;
}

const errorPages: Record<number, { title: string; body: string }> = {
  400: { title: 'Your form could not be read', body: 'Nothing was changed. Go back, check what you entered and try again.' },
  403: { title: 'You do not have permission to see this page', body: 'Your role or agency does not give you access to this page or this case. If you think it should, speak to your front door manager.' },
  404: { title: 'Page not found', body: 'If you typed the web address, check it is correct. If you followed a link to a case, the case may not exist.' },
  429: { title: 'Too many requests', body: 'You have made a lot of requests in a short time. Wait a minute, then try again.' },
  503: { title: 'Sorry, there is a problem with the service', body: 'The engine did not answer in time. Nothing you sent has been lost or applied twice: check the case, then try again.' },
  500: { title: 'Sorry, there is a problem with the service', body: 'Try again later. Nothing you sent has been applied twice.' },
};

/** Records a refusal of the pages' own; a failure to record it is logged (its name only) and the refusal still shown. */
async function recordPageRefusal(deps: WebDeps, req: Request, res: Response, err: RefusedByPages): Promise<void> {
  const resource = `${req.method} ${req.route ? `${req.baseUrl}${req.route.path}` : req.path} (pages)`;
  const reason = err.detail === 'csrf' ? 'the form carried no valid CSRF token' : 'a page not for this role';
  try {
    await deps.recordRefusal?.({ user: res.locals.session?.user, requestId: res.locals.requestId, resource, status: err.status, reason });
  } catch (e) {
    console.error(`pitstop web: ${res.locals.requestId ?? '-'} refusal not audited ${loggableError(e)}`);
  }
}

function pageErrors(deps: WebDeps): ErrorRequestHandler {
  return async (err, req, res, next) => {
    if (res.headersSent) return next(err);
    const given = typeof err?.status === 'number' ? (err.status as number) : 500;
    const status = err instanceof PageError ? err.status : given >= 400 && given < 500 ? given : 500;
    // The pages' own refusals are in the audit trail too (the API records its own).
    if (err instanceof RefusedByPages && status === 403) await recordPageRefusal(deps, req, res, err);
    if (status === 401) {
      // Signed out, or the shift ended: sign in again and come back.
      if (req.method === 'GET') return res.redirect(303, `/sign-in?next=${encodeURIComponent(req.originalUrl)}`);
      return res.redirect(303, '/sign-in');
    }
    if (err instanceof PageError && err.detail === 'csrf') {
      return renderPage(deps.views, deps.cfg, req, res, 'error.njk', {
        pageTitle: 'Your form could not be sent',
        heading: 'Your form could not be sent',
        body: 'The form had expired or did not come from this service. Nothing was changed. Go back, reload the page and try again.',
      }, 403);
    }
    // Refused a case outside need to know: the same page asks for a reason to read it (break-glass).
    if (err instanceof PageError && err.breakGlassCaseId && res.locals.session?.user) {
      return renderBreakGlassForm(deps, req, res, err.breakGlassCaseId, err.detail);
    }
    if (!(err instanceof PageError) && status === 500) {
      // The error's name and message only: no request body, no case data.
      console.error(`pitstop web: ${res.locals.requestId ?? '-'} unhandled ${loggableError(err)}`);
    }
    const page = errorPages[status] ?? errorPages[status < 500 ? 400 : 500];
    renderPage(deps.views, deps.cfg, req, res, 'error.njk', {
      pageTitle: page.title,
      heading: page.title,
      body: page.body,
      // The API's reason for a refusal ("not allocated to your agency") helps the person.
      reason: status === 403 && err instanceof PageError && err.detail ? err.detail : undefined,
    }, status);
  };
}
