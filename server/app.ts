// The composition root: the one place that knows both the API and the pages. The API
// (api/app.ts) comes first, then the pages (web/routes.ts) at /, then the API's
// fallbacks (a refusal audited, the 404, the one error pipeline). Neither side imports
// the other's router: the pages reach the API over HTTP like any client
// (docs/architecture.md, "How the pages reach the API").
import { apiFallbacks, apiFrame, apiRoutes, bareApp, type AppOptions } from '../api/app.js';
import type { ApiContext } from '../api/context.js';
import { webRoutes } from '../web/routes.js';
import type { WebConfig } from '../web/config.js';

/** `web`: the pages' settings (from the environment unless given). */
export function createServer(ctx: ApiContext, opts: AppOptions & { web?: WebConfig } = {}) {
  const app = bareApp();
  app.use(apiFrame(opts), apiRoutes(ctx, opts));
  app.use(webRoutes({ auth: ctx.auth, policy: ctx.policy, sessionStore: ctx.store, config: opts.web }));
  app.use(apiFallbacks(ctx));
  return app;
}
