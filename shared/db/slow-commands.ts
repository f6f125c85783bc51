// MONGODB_SLOW_MS: which database operations wait under load. A debug aid, off by default
// (the driver's command and pool monitoring cost some CPU on every command). Each command
// slower than the threshold, or failed, is reported with what it was (the command and its
// collection), how long it took, how many of this process's commands were in flight when it
// was sent, and for a failure the error's name (a timeout is `MongoOperationTimeoutError`);
// so is a wait for a connection from the pool that long (where `timeoutMS` also runs, and no
// command is sent). Never a filter, an id or a document: nothing personal.
import type { CommandFailedEvent, CommandStartedEvent, CommandSucceededEvent, ConnectionCheckedOutEvent, ConnectionCheckOutFailedEvent, ConnectionClosedEvent, ConnectionCreatedEvent, ConnectionReadyEvent, MongoClient } from 'mongodb';

export interface SlowCommand {
  /** `insert`, `find`, …, `checkout` (a wait for a connection), `connect` (a connection slow to open), `closed` (one closed, `failed` saying why), `pool cleared`. */
  command: string;
  /** The collection, for a command on one. */
  collection?: string;
  ms: number;
  /** This process's commands in flight when it was sent (itself included). */
  inFlight?: number;
  /** Documents sent, for a write. */
  documents?: number;
  /** The error's name, when it failed. */
  failed?: string;
}

/** Commands whose first field names a collection. */
const onCollection = new Set(['find', 'insert', 'update', 'delete', 'findAndModify', 'aggregate', 'count', 'distinct', 'getMore']);

export function watchSlowCommands(client: MongoClient, slowMs: number, report: (c: SlowCommand) => void): void {
  const sent = new Map<number, { command: string; collection?: string; documents?: number; inFlight: number }>();
  client.on('commandStarted', (e: CommandStartedEvent) => {
    const target = e.command[e.commandName];
    const collection = e.commandName === 'getMore' ? e.command.collection : onCollection.has(e.commandName) && typeof target === 'string' ? target : undefined;
    const docs = e.command.documents ?? e.command.updates ?? e.command.deletes;
    sent.set(e.requestId, { command: e.commandName, collection, documents: Array.isArray(docs) ? docs.length : undefined, inFlight: sent.size + 1 });
  });
  const ended = (e: CommandSucceededEvent | CommandFailedEvent, failure?: Error) => {
    const started = sent.get(e.requestId);
    sent.delete(e.requestId);
    if (!started || (e.duration < slowMs && !failure)) return;
    report({ ...started, ms: Math.round(e.duration), ...(failure ? { failed: failure.name } : {}) });
  };
  client.on('commandSucceeded', (e: CommandSucceededEvent) => ended(e));
  client.on('commandFailed', (e: CommandFailedEvent) => ended(e, e.failure));
  client.on('connectionCheckedOut', (e: ConnectionCheckedOutEvent) => {
    if (e.durationMS >= slowMs) report({ command: 'checkout', ms: Math.round(e.durationMS), inFlight: sent.size });
  });
  client.on('connectionCheckOutFailed', (e: ConnectionCheckOutFailedEvent) => {
    report({ command: 'checkout', ms: Math.round(e.durationMS), inFlight: sent.size, failed: String(e.reason) });
  });
  // A connection slow to open (its handshake), or closed other than by the pool closing: what the pool's waits come from.
  const opening = new Map<number, number>();
  client.on('connectionCreated', (e: ConnectionCreatedEvent) => opening.set(e.connectionId as number, performance.now()));
  client.on('connectionReady', (e: ConnectionReadyEvent) => {
    const at = opening.get(e.connectionId as number);
    opening.delete(e.connectionId as number);
    if (at !== undefined && performance.now() - at >= slowMs) report({ command: 'connect', ms: Math.round(performance.now() - at), inFlight: sent.size });
  });
  client.on('connectionClosed', (e: ConnectionClosedEvent) => {
    opening.delete(e.connectionId as number);
    if (e.reason !== 'poolClosed') report({ command: 'closed', ms: 0, inFlight: sent.size, failed: String(e.reason) });
  });
  client.on('connectionPoolCleared', () => report({ command: 'pool cleared', ms: 0, inFlight: sent.size }));
}
