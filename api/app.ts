// The HTTP API: thin routes over the contact workflow (Temporal) and its records (MongoDB).
// The API knows nothing of the pages: server/app.ts (the composition root) mounts the
// pages between the API's routes and its fallbacks; createApp here is the API alone.
import express, { Router, type ErrorRequestHandler, type RequestHandler } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { CASE_ID_PATTERN } from '../shared/ids.js';
import { methodNotAllowed } from './methods.js';
import { limitFailedAuthentication, limitPerCredential, SharedCounts } from './rate-limit.js';
import { openApiDocument } from './openapi.js';
import { authenticate } from './auth/middleware.js';
import type { ApiContext } from './context.js';
import { audit, unauthenticated, type AuditAction } from './audit.js';
import { errorHandler, HttpProblem, notFoundRoute, problems } from './errors.js';
import { agendaRoutes } from './routes/agenda.js';
import { auditRoutes, breakGlassRoutes } from './routes/audit.js';
import { caseRoutes } from './routes/cases.js';
import { figuresRoutes } from './routes/figures.js';
import { themesRoutes } from './routes/themes.js';
import { meetingRoutes } from './routes/meetings.js';
import { notificationRoutes } from './routes/notifications.js';
import { peopleRoutes } from './routes/people.js';
import { legalHoldRoutes, personRightsRoutes, returnsRoutes } from './routes/rights.js';
import { queueRoutes } from './routes/queues.js';
import { outboxRoutes, referralRoutes } from './routes/referrals.js';
import type { Health } from './schemas/health.js';
import { createLogger } from '../shared/log.js';

export interface AppOptions {
  /** Requests per credential per minute, counted across the API's replicas. */
  rateLimitPerMinute?: number;
  /** Failed authentications (401) per client address per minute, across the replicas; past it, 429. */
  failedAuthPerMinute?: number;
  bodyLimit?: string;
  /** Where the request lines (pino JSON, shared/log.ts) go, one a call: stdout unless given. */
  log?: (line: string) => void;
}

/**
 * Security headers by helmet, strict for an API (nothing to load, never framed; the docs
 * and the pages set their own Content-Security-Policy), and nothing an answer carries kept.
 */
const securityHeaders: RequestHandler[] = [
  helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
  }),
  (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  },
];

/** An Express app with the settings every app here shares. */
export function bareApp() {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  return app;
}

/** What every response goes through first: a request id, a log line, the security headers. */
export function apiFrame(opts: AppOptions = {}): Router {
  const frame = Router();
  frame.use(
    pinoHttp({
      logger: opts.log ? createLogger('api', { write: (line: string) => opts.log!(line.trimEnd()) }) : createLogger('api'),
      // The caller's X-Request-Id when it is a plain token, else a new one; sent back.
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const requestId = typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
        res.setHeader('X-Request-Id', requestId);
        return requestId;
      },
      // Method, route pattern and status only: no bodies, no query strings, no headers, no
      // path (a path can carry a reference), nothing personal.
      serializers: {
        req: (req: { id: string; method: string }) => ({ id: req.id, method: req.method }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      customProps: (req) => {
        const r = req as express.Request;
        return { route: r.route ? `${r.baseUrl}${r.route.path}` : r.baseUrl || undefined };
      },
      customSuccessMessage: (_req, res) => `request answered ${res.statusCode}`,
      customErrorMessage: (_req, res) => `request answered ${res.statusCode}`,
    }),
  );
  frame.use((req, res, next) => {
    res.locals.requestId = String(req.id);
    next();
  });
  frame.use(securityHeaders);
  return frame;
}

/** The API's own paths: /health, /openapi.json, /docs and /api/v1. */
export function apiRoutes(ctx: ApiContext, opts: AppOptions = {}): Router {
  const app = Router();
  // Before anything reads the body or asks who is calling: a documented path under a method it does not take.
  app.use(methodNotAllowed);
  app.get('/health', async (_req, res) => {
    const [databaseCheck, temporalCheck] = await Promise.allSettled([
      ctx.store.ping(),
      // Temporal's pollers of the workflow task queue (a worker seen polling in the last minutes).
      ctx.temporal.workflowService.describeTaskQueue({ namespace: ctx.temporal.options.namespace, taskQueue: { name: ctx.taskQueue }, taskQueueType: 1 }),
    ]);
    const database = databaseCheck.status === 'fulfilled' ? 'up' : 'down';
    const temporal = temporalCheck.status === 'fulfilled' ? 'up' : 'down';
    const worker = temporalCheck.status === 'fulfilled' ? ((temporalCheck.value.pollers ?? []).length > 0 ? 'polling' : 'none') : 'unknown';
    const up = database === 'up' && temporal === 'up';
    if (!up) res.setHeader('Retry-After', '5');
    const body: Health = { status: !up ? 'unavailable' : worker === 'polling' ? 'ok' : 'degraded', database, temporal, worker };
    res.status(up ? 200 : 503).json(body);
  });

  app.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument());
  });
  // Interactive docs: Swagger UI served from the npm package (no CDN), reading /openapi.json.
  const swaggerUi = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  const docsPolicy: RequestHandler = (_req, res, next) => {
    res.setHeader('Content-Security-Policy', "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'");
    res.setHeader('Cache-Control', 'public, max-age=300');
    next();
  };
  app.get(['/docs', '/docs/'], docsPolicy, (_req, res) => {
    res.type('html').send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>PIT Stop engine API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head><body><div id="docs"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script><script src="/docs/init.js"></script></body></html>`);
  });
  app.get('/docs/init.js', docsPolicy, (_req, res) => {
    res.type('application/javascript').send("window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#docs', persistAuthorization: true });");
  });
  app.use('/docs/assets', docsPolicy, express.static(swaggerUi, { index: false }));

  const api = express.Router();
  api.use(express.json({ limit: opts.bodyLimit ?? '256kb', type: ['application/json', 'application/*+json'] }));
  api.use((req, _res, next) => {
    if (['POST', 'PUT', 'PATCH'].includes(req.method) && !req.is(['application/json', 'application/*+json'])) {
      return next(problems.unsupportedMediaType());
    }
    next();
  });
  // Rate limits counted across the API's replicas (api/rate-limit.ts): failed
  // authentication per client address before the credentials are looked at, then each
  // credential's requests.
  const counts = new SharedCounts(ctx.store);
  api.use(limitFailedAuthentication(counts, opts.failedAuthPerMinute ?? 60));
  api.use(authenticate(ctx.auth));
  api.use(limitPerCredential(counts, opts.rateLimitPerMinute ?? 600));
  api.use('/notifications', notificationRoutes(ctx));
  api.use('/cases', caseRoutes(ctx));
  api.use('/agenda', agendaRoutes(ctx));
  api.use('/meetings', meetingRoutes(ctx));
  api.use('/queues', queueRoutes(ctx));
  api.use('/figures', figuresRoutes(ctx));
  api.use('/themes', themesRoutes(ctx));
  api.use('/audit', auditRoutes(ctx));
  api.use('/break-glass', breakGlassRoutes(ctx));
  api.use('/people', peopleRoutes(ctx));
  api.use('/people', personRightsRoutes(ctx));
  api.use('/legal-holds', legalHoldRoutes(ctx));
  api.use('/returns', returnsRoutes(ctx));
  api.use('/referrals', referralRoutes(ctx));
  api.use('/outbox', outboxRoutes(ctx));
  app.use('/api/v1', api);
  return app;
}

/**
 * After every route: a refusal recorded in the audit trail, the 404, the one error pipeline.
 * Handlers, not a Router: Express passes an error by a mounted router (its arity is 3).
 */
export function apiFallbacks(ctx: ApiContext): [ErrorRequestHandler, RequestHandler, ErrorRequestHandler] {
  // Every refused attempt is part of the audit trail (a misuse inquiry asks what was tried,
  // not only what was seen): 401 and 403, a 404 on a case id, and a request about a case
  // refused as bad input, out of order or against a rule. A failure to record does not
  // hide the refusal from the caller.
  const auditRefusal: ErrorRequestHandler = (err, req, res, next) => {
    // Here, past the routers, req.params and req.baseUrl are empty again: the case id and
    // the resource (a meeting's date, say) are read from the URL asked for.
    const caseId = new RegExp(`/cases/(${CASE_ID_PATTERN})`).exec(req.originalUrl)?.[1];
    const action = err instanceof HttpProblem ? refusalAction(err.status, caseId) : undefined;
    if (!action) return next(err);
    const principal = res.locals.principal ?? unauthenticated;
    const caller = { principal, requestId: res.locals.requestId, resource: `${req.method} ${req.originalUrl.split('?')[0]}` };
    audit(ctx.store, caller, { action, caseId, reason: err.detail, outcome: err.status }).then(
      () => next(err),
      () => next(err),
    );
  };
  return [auditRefusal, notFoundRoute, errorHandler];
}

/** The audit action of a refused request, if it is one the trail records. */
function refusalAction(status: number, caseId: string | undefined): AuditAction | undefined {
  if (status === 401 || status === 403) return 'access.refused';
  if (status === 404 && caseId) return 'case.not_found';
  if ((status === 400 || status === 409 || status === 422) && caseId) return 'case.request.refused';
  return undefined;
}

/** The API alone, without the pages (server/app.ts hosts both). */
export function createApp(ctx: ApiContext, opts: AppOptions = {}) {
  const app = bareApp();
  app.use(apiFrame(opts), apiRoutes(ctx, opts), apiFallbacks(ctx));
  return app;
}
