// MONGODB_SLOW_MS's debug log (shared/db/slow-commands.ts): a command slower than the
// threshold, or failed, and a long wait for a connection, reported by what it was and how
// long, never by what it asked for (no filter, id or document: nothing personal).
import { EventEmitter } from 'node:events';
import type { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { watchSlowCommands, type SlowCommand } from '../../shared/db/slow-commands.js';

describe('the slow command log', () => {
  it('reports slow and failed commands and long waits for a connection, with nothing they asked for', () => {
    const client = new EventEmitter();
    const seen: SlowCommand[] = [];
    watchSlowCommands(client as unknown as MongoClient, 100, (c) => seen.push(c));
    const started = (requestId: number, commandName: string, command: object) => client.emit('commandStarted', { requestId, commandName, command: { [commandName]: 'contacts', ...command } });
    started(1, 'find', { filter: { _id: 'C-HUM-SECRET' } });
    started(2, 'insert', { documents: [{ _id: 'a', givenName: 'Noor' }, { _id: 'b' }] });
    started(3, 'update', { updates: [{ q: { _id: 'x' } }] });
    client.emit('commandSucceeded', { requestId: 1, duration: 20 });
    client.emit('commandSucceeded', { requestId: 2, duration: 150.4 });
    client.emit('commandFailed', { requestId: 3, duration: 15_000, failure: Object.assign(new Error('timed out'), { name: 'MongoOperationTimeoutError' }) });
    client.emit('connectionCheckedOut', { durationMS: 2_000 });
    client.emit('connectionCheckedOut', { durationMS: 3 });
    client.emit('connectionCheckOutFailed', { durationMS: 15_000, reason: 'timeout' });
    expect(seen).toEqual([
      { command: 'insert', collection: 'contacts', documents: 2, inFlight: 2, ms: 150 },
      { command: 'update', collection: 'contacts', documents: 1, inFlight: 3, ms: 15_000, failed: 'MongoOperationTimeoutError' },
      { command: 'checkout', ms: 2_000, inFlight: 0 },
      { command: 'checkout', ms: 15_000, inFlight: 0, failed: 'timeout' },
    ]);
    expect(JSON.stringify(seen)).not.toMatch(/SECRET|Noor|givenName/);
  });
});
