// The served OpenAPI document is the one generated from the zod schemas, documents every
// route the API serves, and the docs page loads its assets locally.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../api/openapi.js';
import { http, startStack, type TestStack } from '../support/stack.js';

let stack: TestStack;
let call: ReturnType<typeof http>;
beforeAll(async () => {
  stack = await startStack('openapi');
  call = http(stack.baseUrl);
});
afterAll(async () => stack?.stop());

describe('OpenAPI', () => {
  it('serves the document generated from the schemas', async () => {
    const r = await call('GET', '/openapi.json');
    expect(r.status).toBe(200);
    expect(r.body).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
    expect(r.body.openapi).toBe('3.0.3');
  });

  it('documents every route, with the request schemas and problem responses', () => {
    const doc = openApiDocument();
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/v1/agenda',
      '/api/v1/audit',
      '/api/v1/cases',
      '/api/v1/cases/{id}',
      '/api/v1/cases/{id}/allocation',
      '/api/v1/cases/{id}/amendments',
      '/api/v1/cases/{id}/authorisation',
      '/api/v1/cases/{id}/decision',
      '/api/v1/cases/{id}/partner-information',
      '/api/v1/cases/{id}/rating',
      '/api/v1/cases/{id}/timeline',
      '/api/v1/figures',
      '/api/v1/notifications',
      '/api/v1/queues/{queue}',
      '/health',
    ]);
    const post = doc.paths['/api/v1/notifications'].post!;
    expect(JSON.stringify(post.requestBody)).toContain('#/components/schemas/PoliceNotification');
    expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(['200', '202', '400', '401', '403', '503']));
    const schemas = doc.components!.schemas!;
    expect(Object.keys(schemas)).toEqual(expect.arrayContaining(['PoliceNotification', 'Decision', 'Problem', 'Case', 'CaseSummary']));
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
