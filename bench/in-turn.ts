// The database commands a piece of work waited for one after another, from when each was
// sent and answered (the driver's command monitoring): the load does not change it.
import type { CommandFailedEvent, CommandStartedEvent, CommandSucceededEvent, MongoClient } from 'mongodb';

/** A command: when it was sent and answered, and what it was (`find contacts`). */
export type Span = [start: number, end: number, what?: string];

/**
 * The longest chain of commands each sent after the one before it was answered: a lower
 * bound of the round trips to the database the work waited for one after another.
 */
export function longestChain(spans: readonly Span[]): Span[] {
  const byStart = [...spans].sort((a, b) => a[0] - b[0]);
  const depth: number[] = [];
  const before: number[] = [];
  let last = -1;
  byStart.forEach(([start], i) => {
    let best = -1;
    for (let j = 0; j < i; j++) if (byStart[j][1] <= start && (best < 0 || depth[j] > depth[best])) best = j;
    depth[i] = best < 0 ? 1 : depth[best] + 1;
    before[i] = best;
    if (last < 0 || depth[i] > depth[last]) last = i;
  });
  const chain: Span[] = [];
  for (let i = last; i >= 0; i = before[i]) chain.unshift(byStart[i]);
  return chain;
}

export const inTurn = (spans: readonly Span[]) => longestChain(spans).length;

/**
 * Watches a client connected with `monitorCommands: true`: every command sent (`sent`) and,
 * once answered, when it was sent and answered (`spans`). Both are emptied in place by the
 * caller between pieces of work.
 */
export function watchCommands(client: MongoClient): { sent: CommandStartedEvent[]; spans: Span[] } {
  const sent: CommandStartedEvent[] = [];
  const spans: Span[] = [];
  const startedAt = new Map<number, [number, string]>();
  client.on('commandStarted', (e: CommandStartedEvent) => {
    sent.push(e);
    startedAt.set(e.requestId, [performance.now(), `${e.commandName} ${e.command[e.commandName]}`]);
  });
  const ended = (e: CommandSucceededEvent | CommandFailedEvent) => {
    const start = startedAt.get(e.requestId);
    if (start !== undefined) spans.push([start[0], performance.now(), start[1]]);
    startedAt.delete(e.requestId);
  };
  client.on('commandSucceeded', ended);
  client.on('commandFailed', ended);
  return { sent, spans };
}
