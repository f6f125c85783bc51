// Structured logs (shared/log.ts): personal data never reaches a line, whoever logs it.
import { describe, expect, it } from 'vitest';
import { createLogger, temporalLogger } from '../../shared/log.js';
import { example } from '../support/fixtures.js';

function captured() {
  const lines: string[] = [];
  return { lines, logger: createLogger('worker', { write: (l: string) => void lines.push(l) }, 'trace') };
}

const notification = example('police-notification.json');
const child = notification.children[0];

describe('logs', () => {
  it('redact personal fields, at the top and one level down, whoever passes them', () => {
    const { lines, logger } = captured();
    logger.info({ notification, child, meta: { givenName: child.givenName, dateOfBirth: child.dateOfBirth, postcode: 'DN15 7AA' }, body: { x: 1 } }, 'intake');
    const line = lines.join('');
    for (const value of [child.givenName, child.familyName, child.dateOfBirth, notification.incident.location.postcode, 'DN15 7AA']) expect(line).not.toContain(value);
    expect(JSON.parse(line)).toMatchObject({ service: 'worker', msg: 'intake', meta: { givenName: '[redacted]' }, body: '[redacted]' });
  });

  it("log a database error by its name and code, never the values it quotes", () => {
    const { lines, logger } = captured();
    const dup = Object.assign(new Error(`E11000 dup key: { personKey: "${child.familyName}|${child.dateOfBirth}" }`), { name: 'MongoServerError', code: 11000 });
    logger.error({ err: dup }, 'write failed');
    expect(lines[0]).not.toContain(child.familyName);
    expect(JSON.parse(lines[0]).err).toEqual({ message: 'MongoServerError (code 11000)' });
  });

  it("write the Temporal SDK's lines with its names and ids only: no payloads, no failure's values", () => {
    const { lines, logger } = captured();
    const sdk = temporalLogger(logger);
    sdk.warn('Activity failed', {
      sdkComponent: 'activity', activityType: 'recordIntake', workflowId: 'contact-C-1', attempt: 2,
      args: [notification], error: Object.assign(new Error(`Cast to date failed for value "${child.dateOfBirth}"`), { name: 'CastError' }),
    });
    sdk.debug('not at this level?', {});
    const line = JSON.parse(lines[0]);
    expect(line).toMatchObject({ level: 40, msg: 'Activity failed', activityType: 'recordIntake', attempt: 2, err: { message: 'CastError' } });
    expect(lines.join('')).not.toContain(child.givenName);
    expect(lines.join('')).not.toContain(child.dateOfBirth);
  });
});
