// The codec endpoint (server/codec.ts) as Temporal's Web UI calls it: a case's workflow
// input, encrypted in Temporal's history, decoded for a front door manager and for no one
// else, each use in the audit trail without what the payloads held.
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bareApp } from '../../api/app.js';
import { codecRoutes } from '../../server/codec.js';
import { workflowIdFor } from '../../shared/ids.js';
import { freshNotification } from '../support/fixtures.js';
import { eventually, http, startStack, testAuth, tokenFor, type TestStack } from '../support/stack.js';

let stack: TestStack;
let call: ReturnType<typeof http>;
beforeAll(async () => {
  stack = await startStack('codec');
  call = http(stack.baseUrl);
}, 60_000);
afterAll(() => stack?.stop());

const b64 = (b?: Uint8Array | null) => Buffer.from(b ?? new Uint8Array()).toString('base64');

describe('POST /codec/decode and /codec/encode', () => {
  it("decodes a case's workflow input from Temporal's history for a manager, and audits the use", async () => {
    const n = freshNotification();
    const sent = await call('POST', '/api/v1/notifications', { apiKey: testAuth.policeApiKeys.HUM, body: n });
    expect(sent.status).toBe(202);
    // The workflow's input as Temporal holds it: encrypted.
    const history = await eventually(
      async () =>
        (await stack.temporal.workflowService.getWorkflowExecutionHistory({ namespace: 'default', execution: { workflowId: workflowIdFor(sent.body.caseId) } })).history,
      20_000,
      'the history',
    );
    const input = history!.events![0].workflowExecutionStartedEventAttributes!.input!.payloads![0];
    expect(Buffer.from(input.data!).toString('latin1')).not.toContain(n.children[0].familyName);
    const asJson = { metadata: Object.fromEntries(Object.entries(input.metadata!).map(([k, v]) => [k, b64(v)])), data: b64(input.data) };

    const manager = tokenFor('front_door_manager', 'front_door', { id: 'codec-manager', name: 'Test Manager' });
    const decoded = await call('POST', '/codec/decode', { token: manager, body: { payloads: [asJson] }, headers: { 'x-namespace': 'default' } });
    expect(decoded.status).toBe(200);
    const [plain] = decoded.body.payloads;
    expect(Buffer.from(plain.metadata.encoding, 'base64').toString()).toBe('json/plain');
    const value = JSON.parse(Buffer.from(plain.data, 'base64').toString());
    expect(value).toMatchObject({ caseId: sent.body.caseId, notification: { policeReference: n.policeReference } });

    // Encoded again, it decodes to the same.
    const encoded = await call('POST', '/codec/encode', { token: manager, body: { payloads: [plain] } });
    expect(encoded.status).toBe(200);
    expect(Buffer.from(encoded.body.payloads[0].metadata.encoding, 'base64').toString()).not.toBe('json/plain');
    const again = await call('POST', '/codec/decode', { token: manager, body: { payloads: encoded.body.payloads } });
    expect(again.body.payloads[0].data).toBe(plain.data);

    // Each use in the trail: who, how many, the namespace; nothing of what was decoded.
    const entries = await stack.models.Audit.find({ 'actor.id': 'codec-manager', action: /^payload\./ }).lean();
    expect(entries.map((e) => e.action).sort()).toEqual(['payload.decode', 'payload.decode', 'payload.encode']);
    expect(entries.find((e) => e.reason?.includes('namespace'))).toMatchObject({ action: 'payload.decode', reason: '1 payload(s) in namespace default', resource: 'POST /codec/decode' });
    expect(JSON.stringify(entries)).not.toContain(n.children[0].familyName);
  });

  it('refuses anyone but a signed-in manager, before reading the payloads, and audits the refusal', async () => {
    const body = { payloads: [{ metadata: { encoding: b64(Buffer.from('json/plain')) }, data: b64(Buffer.from('{}')) }] };
    const none = await call('POST', '/codec/decode', { body });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await call('POST', '/codec/decode', { apiKey: testAuth.policeApiKeys.HUM, body })).status).toBe(401);
    const panel = await call('POST', '/codec/decode', { token: tokenFor('panel_member', 'childrens_social_care', { id: 'codec-panel' }), body });
    expect(panel.status).toBe(403);
    expect((await call('POST', '/codec/encode', { token: tokenFor('auditor', 'front_door'), body })).status).toBe(403);
    expect(await stack.models.Audit.findOne({ 'actor.id': 'codec-panel' }).lean()).toMatchObject({ action: 'access.refused', outcome: 403 });
    // A body that is not payloads.
    const manager = tokenFor('front_door_manager', 'front_door');
    expect((await call('POST', '/codec/decode', { token: manager, body: { payloads: 'x' } })).status).toBe(400);
  });

  it("answers the Web UI's preflight, and lets it read the answer, from CODEC_CORS_ORIGINS only", async () => {
    const app = bareApp();
    app.use(codecRoutes({ temporal: stack.temporal, taskQueue: stack.taskQueue, store: stack.store, policy: stack.policy, auth: testAuth }, { CODEC_CORS_ORIGINS: 'http://localhost:8233' }));
    const server: Server = await new Promise((ok) => {
      const s = app.listen(0, '127.0.0.1', () => ok(s));
    });
    try {
      const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      const preflight = (origin: string) =>
        fetch(`${base}/codec/decode`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, x-namespace' } });
      const ui = await preflight('http://localhost:8233');
      expect(ui.status).toBe(204);
      expect(ui.headers.get('access-control-allow-origin')).toBe('http://localhost:8233');
      expect(ui.headers.get('access-control-allow-credentials')).toBe('true');
      expect(ui.headers.get('access-control-allow-headers')).toContain('authorization');
      expect((await preflight('http://elsewhere.example')).headers.get('access-control-allow-origin')).toBeNull();
      const manager = tokenFor('front_door_manager', 'front_door');
      const answer = await fetch(`${base}/codec/encode`, {
        method: 'POST',
        headers: { origin: 'http://localhost:8233', authorization: `Bearer ${manager}`, 'content-type': 'application/json' },
        body: JSON.stringify({ payloads: [] }),
      });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('access-control-allow-origin')).toBe('http://localhost:8233');
    } finally {
      await new Promise((ok) => server.close(ok));
    }
  });
});
