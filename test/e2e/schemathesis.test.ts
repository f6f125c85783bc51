// Schemathesis (property-based testing from the OpenAPI document) against the real stack:
// for each kind of credential, thousands of generated requests, and none may get a 5xx
// or a response that breaks its documented schema, status or content type.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toolPaths } from '../../infra/servers.js';
import { freshNotification } from '../support/fixtures.js';
import { eventually, http, startStack, testAuth, tokenFor, type TestStack } from '../support/stack.js';

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack('schemathesis', {}, { rateLimitPerMinute: 1_000_000, failedAuthPerMinute: 1_000_000 });
  // Some data to find: a case on the agenda.
  const r = await http(stack.baseUrl)('POST', '/api/v1/notifications', { apiKey: testAuth.policeApiKeys.HUM, body: freshNotification() });
  await eventually(async () => (await stack.models.Contact.findById(r.body.caseId).lean())?.stage === 'awaiting_decision', 20_000, 'intake');
});
afterAll(async () => stack?.stop());

function schemathesis(header: string): Promise<{ code: number | null; output: string }> {
  return new Promise((ok) => {
    const child = spawn(
      toolPaths.schemathesis,
      [
        'run', `${stack.baseUrl}/openapi.json`,
        '-H', header,
        '--checks', 'not_a_server_error,status_code_conformance,response_schema_conformance,content_type_conformance',
        '--max-examples', '15',
        '--generation-deterministic',
        '--request-timeout', '30',
        '--no-color',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SCHEMATHESIS_TELEMETRY: 'false' } },
    );
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.on('exit', (code) => ok({ code, output }));
  });
}

describe('schemathesis', () => {
  const runs: [string, () => string][] = [
    ['a front-door manager', () => `Authorization: Bearer ${tokenFor('front_door_manager', 'front_door')}`],
    ['a panel member', () => `Authorization: Bearer ${tokenFor('panel_member', 'childrens_social_care')}`],
    ['a police system', () => `X-API-Key: ${testAuth.policeApiKeys.HUM}`],
  ];
  for (const [who, header] of runs) {
    it(`finds no server error or schema breach as ${who}`, async () => {
      const { code, output } = await schemathesis(header());
      const summary = output.slice(output.lastIndexOf('SUMMARY'));
      expect(summary, output.slice(-4000)).toMatch(/Test cases:\s*\n\s*\d+ generated, \d+ passed/);
      expect(code, output.slice(-4000)).toBe(0);
    }, 300_000);
  }
});
