// The composition root: the one place that knows both the API and the pages. The API
// (api/app.ts) comes first, then the pages (web/routes.ts) at /, then the API's
// fallbacks (a refusal audited, the 404, the one error pipeline). Neither side imports
// the other's router: the pages reach the API over HTTP like any client
// (docs/architecture.md, "How the pages reach the API"). Before them all, the metrics
// (server/metrics.ts): every request counted, and GET /metrics for Prometheus; and the
// codec endpoint for Temporal's Web UI (server/codec.ts).
import { apiFallbacks, apiFrame, apiRoutes, bareApp, type AppOptions } from '../api/app.js';
import { audit, unauthenticated } from '../api/audit.js';
import { pathMethods } from '../api/methods.js';
import type { ApiContext } from '../api/context.js';
import type { RecordRefusal } from '../web/deps.js';
import { webRoutes } from '../web/routes.js';
import { codecRoutes } from './codec.js';
import { createMetrics } from './metrics.js';
import type { WebConfig } from '../web/config.js';

/** `web`: the pages' settings (from the environment unless given). */
/** `warm`: the pages' templates compiled and the API's path table made before the first request (server/main.ts). */
export function createServer(ctx: ApiContext, opts: AppOptions & { web?: WebConfig; warm?: boolean } = {}) {
  const app = bareApp();
  const metrics = createMetrics(ctx.store);
  // The API writes its audit entries through the counting store.
  const counted: ApiContext = { ...ctx, store: metrics.store };
  app.use(metrics.count, apiFrame(opts));
  app.get('/metrics', metrics.serve);
  // Temporal's codec convention, for its Web UI and CLI: managers only, each use audited (server/codec.ts).
  app.use(codecRoutes(counted));
  app.use(apiRoutes(counted, opts));
  // The pages' own refusals (a page not for the role, a form without its CSRF token) are audited as the API's are.
  const recordRefusal: RecordRefusal = (r) =>
    audit(counted.store, { principal: r.user ?? unauthenticated, requestId: r.requestId, resource: r.resource }, { action: 'access.refused', outcome: r.status, reason: r.reason });
  app.use(webRoutes({ auth: ctx.auth, policy: ctx.policy, sessionStore: ctx.store, config: opts.web, recordRefusal, compileViews: opts.warm }));
  if (opts.warm) pathMethods();
  app.use(apiFallbacks(counted));
  return app;
}
