// GET /metrics as Prometheus scrapes it: requests by route template and status, police
// notifications by outcome, the open cases by stage and rating read at the scrape, the red
// contacts waiting, and audit writes that failed; nothing in it names a case or a person.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshNotification } from '../support/fixtures.js';
import { createMetrics, routeTemplate } from '../../server/metrics.js';
import { eventually, http, startStack, testAuth, testDatabase, tokenFor, type TestStack } from '../support/stack.js';

let stack: TestStack;
let call: ReturnType<typeof http>;
beforeAll(async () => {
  stack = await startStack('metrics');
  call = http(stack.baseUrl);
}, 60_000);
afterAll(() => stack?.stop());

/** The samples of the exposition, `name{labels}` → value. */
async function scrape(): Promise<{ text: string; sample: (series: string) => number | undefined }> {
  const res = await fetch(`${stack.baseUrl}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await res.text();
  const samples = new Map(
    text
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => [l.slice(0, l.lastIndexOf(' ')), Number(l.slice(l.lastIndexOf(' ') + 1))] as const),
  );
  return { text, sample: (series) => samples.get(series) };
}

describe('GET /metrics', () => {
  it('counts requests by route template and status, and police notifications by outcome', async () => {
    const police = testAuth.policeApiKeys.HUM;
    const red = freshNotification((n) => {
      n.riskGrading = 'high';
      n.dash = { riskLevel: 'high', score: 18 };
    });
    const first = await call('POST', '/api/v1/notifications', { apiKey: police, body: red });
    expect(first.status).toBe(202);
    expect((await call('POST', '/api/v1/notifications', { apiKey: police, body: red })).status).toBe(200);
    expect((await call('POST', '/api/v1/notifications', { apiKey: 'not-a-key-at-all-000', body: freshNotification() })).status).toBe(401);
    expect((await call('POST', '/api/v1/notifications', { apiKey: police, body: { nonsense: true } })).status).toBe(400);
    const manager = tokenFor('front_door_manager', 'front_door');
    expect((await call('GET', `/api/v1/cases/${first.body.caseId}`, { token: manager })).status).toBe(200);

    const { text, sample } = await scrape();
    expect(sample('pitstop_http_requests_total{method="POST",route="/api/v1/notifications/",status="202"}')).toBe(1);
    expect(sample('pitstop_http_requests_total{method="POST",route="/api/v1/notifications/",status="200"}')).toBe(1);
    // Refused by the route's own validation: still its template, though the error left the routers.
    expect(sample('pitstop_http_requests_total{method="POST",route="/api/v1/notifications/",status="400"}')).toBe(1);
    expect(sample('pitstop_http_requests_total{method="GET",route="/api/v1/cases/:id",status="200"}')).toBe(1);
    // Refused before any route matched (no credentials): counted without a path.
    expect(sample('pitstop_http_requests_total{method="POST",route="unmatched",status="401"}')).toBe(1);
    expect(sample('pitstop_intake_notifications_total{outcome="accepted"}')).toBe(1);
    expect(sample('pitstop_intake_notifications_total{outcome="again"}')).toBe(1);
    expect(sample('pitstop_intake_notifications_total{outcome="refused"}')).toBe(2);
    expect(sample('pitstop_http_request_duration_seconds_count{method="GET",route="/api/v1/cases/:id"}')).toBe(1);
    expect(sample('pitstop_audit_write_failures_total')).toBe(0);
    expect(sample('pitstop_api_process_cpu_user_seconds_total')).toBeGreaterThan(0);
    // Counts and templates only: no case id, reference or name.
    expect(text).not.toContain(first.body.caseId);
    expect(text).not.toContain(red.policeReference);
    expect(text).not.toContain(red.children[0].familyName);
  });

  it('reads the open cases at each scrape: by stage and rating, and the red contacts waiting for a decision', async () => {
    const red = freshNotification((n) => {
      n.riskGrading = 'high';
      n.dash = { riskLevel: 'high', score: 18 };
    });
    const sent = await call('POST', '/api/v1/notifications', { apiKey: testAuth.policeApiKeys.HUM, body: red });
    expect(sent.status).toBe(202);
    const manager = tokenFor('front_door_manager', 'front_door');
    await eventually(async () => (await call('GET', `/api/v1/cases/${sent.body.caseId}`, { token: manager })).body?.stage === 'awaiting_decision', 30_000, 'intake');

    // The first test's red contact too, once its intake is through.
    const { sample } = await eventually(async () => {
      const s = await scrape();
      return s.sample('pitstop_red_contacts_waiting') === 2 && s;
    }, 30_000, 'both red contacts in the working set');
    expect(sample('pitstop_case_metrics_up')).toBe(1);
    // This test's database: the two red contacts of these tests, both waiting for a decision.
    expect(sample('pitstop_open_cases{stage="awaiting_decision",rating="red"}')).toBe(2);
    expect(sample('pitstop_red_contacts_waiting')).toBe(2);
    expect(sample('pitstop_red_contact_oldest_wait_seconds')).toBeGreaterThan(0);
    // A red decision is due within four working hours of receipt (the next working morning's, out of hours).
    expect(sample('pitstop_red_contact_due_in_seconds')).toBeGreaterThan(0);
    expect(sample('pitstop_open_cases_breached')).toBe(0);
    expect(sample('pitstop_police_feedback_failed')).toBe(0);
  });
});

describe('when the database fails', () => {
  it('counts each audit write that failed, and says the case gauges could not be read', async () => {
    const { conn, store } = await testDatabase('metrics_down');
    const metrics = createMetrics(store);
    await conn.close();
    const entry = { at: new Date(), actor: { id: 'u1', name: 'Test user', role: 'front_door_manager', agency: 'front_door' }, action: 'case.read', resource: 'GET /x', outcome: 200 };
    await expect(metrics.store.appendAudit([entry as never])).rejects.toThrow();
    await expect(metrics.store.recordDisclosure('d1', entry as never)).rejects.toThrow();
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/^pitstop_audit_write_failures_total 2$/m);
    expect(text).toMatch(/^pitstop_case_metrics_up 0$/m);
  });

  it('labels a request by its route template, never by the path asked for', () => {
    const at = (originalUrl: string, path: unknown, baseUrl = '') => routeTemplate({ originalUrl, baseUrl, route: path === undefined ? undefined : { path } });
    expect(at('/api/v1/cases/C-0123/decision?x=1', '/:id/decision')).toBe('/api/v1/cases/:id/decision');
    expect(at('/api/v1/notifications', '/')).toBe('/api/v1/notifications/');
    expect(at('/health', '/health')).toBe('/health');
    expect(at('/api/v1/cases/C-0123', undefined)).toBe('unmatched');
  });
});
