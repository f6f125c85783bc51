// infra/supervisor.ts: a part that ignores SIGTERM is killed once its grace is over, with
// one log line naming it, so `npm start`'s stop never hangs on it.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { Supervised, type Running } from '../../infra/supervisor.js';

function stubborn(): Promise<Running> {
  // A process that takes SIGTERM and goes on running, as a worker draining a backlog did.
  const child = spawn(process.execPath, ['-e', "process.on('SIGTERM', () => {}); console.log('up'); setInterval(() => {}, 1000)"], { stdio: ['ignore', 'pipe', 'ignore'] });
  const exited = new Promise<string>((ok) => child.once('exit', (code, signal) => ok(String(code ?? signal))));
  return new Promise((ok) =>
    child.stdout!.once('data', () =>
      ok({
        pid: child.pid!,
        exited,
        stop: async (graceMs) => {
          const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
          child.kill('SIGTERM');
          await exited;
          clearTimeout(force);
        },
      }),
    ),
  );
}

describe('a supervised part that outlives its grace', () => {
  it('is killed with SIGKILL at the bound, with one log line', async () => {
    const lines: string[] = [];
    const part = new Supervised('worker', stubborn, (l) => lines.push(l));
    await part.start();
    const started = Date.now();
    await part.stop(500);
    expect(Date.now() - started).toBeLessThan(1_400);
    expect(await part.current!.exited).toBe('SIGKILL');
    expect(lines).toEqual(['pitstop: the worker did not stop within 0.5s of SIGTERM; killed (SIGKILL)']);
  });

  it('logs nothing when it stops within its grace', async () => {
    const lines: string[] = [];
    const part = new Supervised('API', async () => {
      const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
      const exited = new Promise<string>((ok) => child.once('exit', (code, signal) => ok(String(code ?? signal))));
      await new Promise((ok) => child.once('spawn', ok));
      return { pid: child.pid!, exited, stop: async () => void (child.kill('SIGTERM'), await exited) };
    }, (l) => lines.push(l));
    await part.start();
    await part.stop(2_000);
    expect(await part.current!.exited).toBe('SIGTERM');
    expect(lines).toEqual([]);
  });
});
