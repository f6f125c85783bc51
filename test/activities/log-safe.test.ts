// No personal data in logs: a database error quotes the values it was given, and those
// can be a child's name and date of birth; what is logged of it is its name and code.
import { afterAll, describe, expect, it } from 'vitest';
import { MongoServerError } from 'mongodb';
import { loggableError } from '../../shared/log-safe.js';
import { testDatabase } from '../support/stack.js';

const fixtureName = 'ava testcase|2016-03-14';

describe('loggableError', () => {
  const db = testDatabase('log-safe');
  afterAll(async () => (await db).conn.close());

  it('logs a real duplicate-key error from the database without the key it quotes', async () => {
    const { conn } = await db;
    const people = conn.db!.collection<{ _id: string }>('log_safe_people');
    await people.insertOne({ _id: fixtureName });
    const err = await people.insertOne({ _id: fixtureName }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(MongoServerError);
    const line = loggableError(err);
    expect(line).toMatch(/^MongoServerError \(code 11000/);
    expect(line).not.toContain('testcase');
    expect(line).not.toContain('2016');
  });

  it("leaves out the values MongoDB's own message quotes (a replica set's duplicate key names the key)", () => {
    const err = new MongoServerError({
      message: `E11000 duplicate key error collection: pitstop.people index: _id_ dup key: { _id: "${fixtureName}" }`,
      code: 11000,
      codeName: 'DuplicateKey',
      keyValue: { _id: fixtureName },
    });
    expect(err.message).toContain('testcase');
    expect(loggableError(err)).toBe('MongoServerError (code 11000 DuplicateKey)');
  });

  it('keeps our own errors readable, and never throws on odd values', () => {
    expect(loggableError(new Error('PITSTOP_ID_KEY must be at least 32 characters'))).toBe('Error: PITSTOP_ID_KEY must be at least 32 characters');
    expect(loggableError({ name: 'Whatever', keyValue: { name: fixtureName }, message: `dup ${fixtureName}` })).toBe('Whatever');
    expect(loggableError(undefined)).toBe('error');
    expect(loggableError('a string')).toBe('error');
  });
});
