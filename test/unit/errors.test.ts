// Which failures the API answers 503 (retry later, nothing acknowledged) rather than 500.
import { MongoNetworkError, MongoServerError, MongoServerSelectionError } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { isMongoUnavailable } from '../../api/errors.js';

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
