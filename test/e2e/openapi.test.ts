// The served OpenAPI document is the one generated from the zod schemas, documents every
// route the API serves (and nothing it does not), and the docs page loads its assets locally.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { openApiDocument } from '../../api/openapi.js';
import { http, startStack, testAuth, type TestStack } from '../support/stack.js';
import { webRoutes } from '../../web/routes.js';

let stack: TestStack;
let call: ReturnType<typeof http>;
beforeAll(async () => {
  stack = await startStack('openapi');
  call = http(stack.baseUrl);
});
afterAll(async () => stack?.stop());

/** What Express's router stack holds, not what the routes say of themselves. */
interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
  rawPath?: string | string[];
}

/** Every method + path the app serves, as "GET /api/v1/cases/{id}", walking mounted routers. */
function servedRoutes(stack: Layer[], prefix = ''): string[] {
  return stack.flatMap((layer) => {
    if (layer.route) {
      const { methods } = layer.route;
      return [layer.route.path].flat().flatMap((p) =>
        Object.keys(methods).map((m) => `${m.toUpperCase()} ${`${prefix}${p}`.replace(/:(\w+)/g, '{$1}').replace(/(.)\/$/, '$1')}`),
      );
    }
    const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
    return layer.handle.stack ? servedRoutes(layer.handle.stack, prefix + mount) : [];
  });
}

const documentedRoutes = (doc: ReturnType<typeof openApiDocument>) =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    ['get', 'put', 'post', 'delete', 'patch'].filter((m) => m in item).map((m) => `${m.toUpperCase()} ${path}`),
  );

/** The document itself and its viewer are served but are not part of the API. */
const documentationPages = ['GET /openapi.json', 'GET /docs', 'GET /docs/init.js'];
/** The web pages (web/) are HTML for people over this API, not part of it. */
const webPages = (policy: TestStack['policy']) => servedRoutes(webRoutes({ auth: testAuth, policy, sessionStore: undefined as never }).stack as unknown as Layer[]);

describe('OpenAPI', () => {
  it('serves the document generated from the schemas', async () => {
    const r = await call('GET', '/openapi.json');
    expect(r.status).toBe(200);
    expect(r.body).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
    expect(r.body.openapi).toBe('3.0.3');
  });

  it('documents every route, with the request schemas and problem responses', () => {
    const doc = openApiDocument();
    const app = createApp({ temporal: stack.temporal, taskQueue: stack.taskQueue, store: stack.store, policy: stack.policy, auth: testAuth });
    // Express's types do not describe the router's runtime fields (route.methods, rawPath).
    const served = servedRoutes(app.router.stack as unknown as Layer[]);
    const documented = documentedRoutes(doc);
    expect(served).toEqual(expect.arrayContaining(['GET /health', 'POST /api/v1/notifications', 'GET /api/v1/cases/{id}']));
    // Every documented operation is served, and every served route is documented.
    expect(documented.filter((r) => !served.includes(r))).toEqual([]);
    const pages = webPages(stack.policy);
    expect(served.filter((r) => !documented.includes(r) && !documentationPages.includes(r) && !pages.includes(r))).toEqual([]);
    const post = doc.paths['/api/v1/notifications'].post!;
    expect(JSON.stringify(post.requestBody)).toContain('#/components/schemas/PoliceNotification');
    expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(['200', '202', '400', '401', '403', '503']));
    const schemas = doc.components!.schemas!;
    expect(Object.keys(schemas)).toEqual(expect.arrayContaining(['PoliceNotification', 'Decision', 'Problem', 'Case', 'CaseSummary']));
    // A police update is answered 200 as an update or a resend, each with the version.
    expect(JSON.stringify(post.responses['200'])).toContain('#/components/schemas/NotificationUpdated');
    expect(JSON.stringify(post.responses['200'])).toContain('#/components/schemas/NotificationResent');
    expect(Object.keys((schemas.NotificationAccepted as { properties: object }).properties)).toEqual(
      expect.arrayContaining(['caseId', 'duplicate', 'updated', 'version', 'recontactOf']),
    );
  });

  it('serves interactive docs with their assets from the package, not a CDN', async () => {
    const page = await call('GET', '/docs');
    expect(page.status).toBe(200);
    expect(page.body).toContain('/docs/assets/swagger-ui-bundle.js');
    expect(page.body).not.toMatch(/https?:\/\//);
    const asset = await fetch(`${stack.baseUrl}/docs/assets/swagger-ui-bundle.js`);
    expect(asset.status).toBe(200);
    expect((await asset.text()).length).toBeGreaterThan(100_000);
  });
});
