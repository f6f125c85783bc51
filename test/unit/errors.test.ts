// Which failures the API answers 503 (retry later, nothing acknowledged) rather than 500, and
// the codes every problem carries.
import { MongoNetworkError, MongoServerError, MongoServerSelectionError } from 'mongodb';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { errorHandler, isMongoUnavailable, problems } from '../../api/errors.js';
import { Problem } from '../../api/schemas/problem.js';
import { nonEmpty } from '../../shared/schemas/zod.js';

describe('isMongoUnavailable', () => {
  it('counts the database lost mid-request, however the driver reports it', () => {
    const network = new MongoNetworkError('connection reset');
    expect(isMongoUnavailable(network)).toBe(true);
    expect(isMongoUnavailable(new MongoServerSelectionError('connect ECONNREFUSED', {} as never))).toBe(true);
    // An operation waiting for a connection when another connection dropped.
    // (the driver does not export that class; its name is what reaches us)
    class PoolCleared extends Error {
      override get name() {
        return 'MongoPoolClearedError';
      }
    }
    const poolCleared = new PoolCleared('Connection pool for 127.0.0.1:27017 was cleared');
    expect(isMongoUnavailable(poolCleared)).toBe(true);
    expect(isMongoUnavailable(new Error('wrapped', { cause: network }))).toBe(true);
  });

  it('does not count an error the server answered, or a plain bug', () => {
    expect(isMongoUnavailable(new MongoServerError({ message: 'E11000 duplicate key', code: 11000 }))).toBe(false);
    expect(isMongoUnavailable(new TypeError('x is undefined'))).toBe(false);
    expect(isMongoUnavailable(undefined)).toBe(false);
  });
});

describe('problem codes', () => {
  /** The body errorHandler sends, through a stand-in response. */
  function sent(err: unknown): Record<string, unknown> {
    let body: Record<string, unknown> = {};
    const res = {
      locals: {},
      headersSent: false,
      setHeader: () => res,
      status: () => res,
      type: () => res,
      json: (b: Record<string, unknown>) => {
        body = b;
        return res;
      },
    };
    errorHandler(err, { originalUrl: '/api/v1/x' } as never, res as never, () => {});
    return body;
  }

  it('gives each refused field a code a client reads instead of zod English', () => {
    const schema = z.object({ rationale: nonEmpty(), outcome: z.enum(['nfa', 'early_help']), level: z.number(), at: z.string().datetime(), note: z.string().max(3) });
    const result = schema.safeParse({ rationale: '  ', outcome: 'maybe', at: 'yesterday', note: 'too long' });
    const body = sent(result.error);
    expect(body).toMatchObject({ type: 'urn:pitstop:problem:validation', code: 'validation', status: 400 });
    expect(body.errors).toEqual([
      { path: 'body.rationale', code: 'required', message: 'must not be empty' },
      { path: 'body.outcome', code: 'not-a-choice', message: expect.any(String) },
      { path: 'body.level', code: 'required', message: 'Required' },
      { path: 'body.at', code: 'bad-format', message: expect.any(String) },
      { path: 'body.note', code: 'too-big', message: expect.any(String) },
    ]);
    expect(sent(schema.safeParse({ rationale: 'r', outcome: 'nfa', level: 'two', at: '2026-12-01T10:00:00Z', note: '' }).error).errors).toEqual([
      { path: 'body.level', code: 'wrong-type', message: expect.any(String) },
    ]);
  });

  it("gives a field refused by a rule or a conflict its problem's code, and a need-to-know refusal its own", () => {
    expect(sent(problems.ruleViolation('MARAC is for high risk', [{ path: 'body.partnerActions', message: 'MARAC is for high risk' }]))).toMatchObject({
      code: 'rule-violation',
      errors: [{ path: 'body.partnerActions', code: 'rule', message: 'MARAC is for high risk' }],
    });
    expect(sent(problems.meetingConflict('closed', [{ path: 'params.date', message: 'closed' }]))).toMatchObject({ code: 'conflict', errors: [{ code: 'conflict' }] });
    const refusal = sent(problems.outsideNeedToKnow('not-allocated', 'the case is not allocated to your agency'));
    expect(refusal).toMatchObject({ type: 'urn:pitstop:problem:forbidden', code: 'not-allocated', status: 403 });
    expect(refusal.detail).toMatch(/^the case is not allocated to your agency: .*X-Reason/);
    expect(sent(problems.forbidden('panel_member may not do this'))).toMatchObject({ code: 'forbidden' });
  });

  it('answers every problem with a code the response schema knows', () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    for (const body of [sent(new Error('bug')), sent(problems.unavailable('the database')), sent(problems.rateLimited(3))]) {
      expect(Problem.safeParse(body).success).toBe(true);
    }
    expect(logged).toHaveBeenCalledOnce();
    logged.mockRestore();
  });
});
