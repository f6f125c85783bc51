// Keeps one part of `npm start` (the Temporal dev server, FerretDB, the worker or the API)
// running: when it exits without being asked to, it is started again after a pause that
// doubles from 1 s to 30 s while it keeps failing, and goes back to 1 s once a start has
// stayed up a minute. One log line per restart, naming the part and why it stopped (an
// exit code or signal, never anything from a request). The other parts keep running: a
// notification accepted while the worker is down waits in Temporal, and the API answers
// 503 on /health while FerretDB or Temporal is away.
import { createLogger } from '../shared/log.js';

const supervisorLog = createLogger('supervisor');

export interface Running {
  pid: number;
  /** Settles with the exit code or signal once the process has exited. */
  exited: Promise<string>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. */
  stop(graceMs: number): Promise<void>;
}

export const backoff = { firstMs: 1_000, maxMs: 30_000, stableMs: 60_000 };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Supervised {
  current?: Running;
  private stopping = false;
  private delayMs = backoff.firstMs;

  constructor(
    readonly name: string,
    private readonly launch: () => Promise<Running>,
    private readonly log: (line: string) => void = (l) => supervisorLog.warn({ part: name }, l),
  ) {}

  /** The first start; its failure is the caller's (start-up stops), later ones are retried. */
  async start(): Promise<void> {
    this.current = await this.launch();
    this.watch(this.current);
  }

  private watch(running: Running): void {
    const since = Date.now();
    void running.exited.then(async (why) => {
      if (this.stopping) return;
      if (Date.now() - since >= backoff.stableMs) this.delayMs = backoff.firstMs;
      for (;;) {
        this.log(`pitstop: the ${this.name} stopped unexpectedly (${why}); restarting in ${this.delayMs / 1000}s`);
        await sleep(this.delayMs);
        this.delayMs = Math.min(this.delayMs * 2, backoff.maxMs);
        if (this.stopping) return;
        try {
          const next = await this.launch();
          if (this.stopping) return void (await next.stop(0));
          this.current = next;
          this.log(`pitstop: the ${this.name} is running again (pid ${next.pid})`);
          this.watch(next);
          return;
        } catch (err) {
          why = err instanceof Error ? err.message : String(err);
        }
      }
    });
  }

  /**
   * No more restarts; stops the running process: SIGTERM, and SIGKILL with one log line
   * when it outlives `graceMs` (a part that hangs never holds up the stop).
   */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    const running = this.current;
    if (!running) return;
    const force = setTimeout(() => {
      this.log(`pitstop: the ${this.name} did not stop within ${graceMs / 1000}s of SIGTERM; killed (SIGKILL)`);
      try {
        process.kill(running.pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }, graceMs);
    // The process's own SIGKILL is only a backstop a second later.
    await running.stop(graceMs + 1_000);
    clearTimeout(force);
  }
}
