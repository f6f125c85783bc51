// The engine's slow database commands over a bench run (MONGODB_SLOW_MS, shared/db/slow-commands.ts):
// gathered from its processes' structured log lines, summed up by process, command and collection.

interface Gathered {
  ms: number[];
  failed: Map<string, number>;
  inFlight: number[];
}

export class SlowCommands {
  private readonly by = new Map<string, Gathered>();
  /** Each process's last line, not yet ended. */
  private readonly partial = new Map<string, string>();

  /** A chunk of a process's output: its slow-command lines kept. */
  take(processName: string, chunk: string): void {
    const lines = ((this.partial.get(processName) ?? '') + chunk).split('\n');
    this.partial.set(processName, lines.pop()!);
    for (const line of lines) {
      if (!line.includes('slow database command')) continue;
      let db: { command: string; collection?: string; ms: number; inFlight?: number; failed?: string };
      try {
        db = JSON.parse(line).db;
      } catch {
        continue;
      }
      const key = `${processName} ${db.command}${db.collection ? ` ${db.collection}` : ''}`;
      const g: Gathered = this.by.get(key) ?? { ms: [], failed: new Map(), inFlight: [] };
      g.ms.push(db.ms);
      if (db.inFlight !== undefined) g.inFlight.push(db.inFlight);
      if (db.failed) g.failed.set(db.failed, (g.failed.get(db.failed) ?? 0) + 1);
      this.by.set(key, g);
    }
  }

  /** One line per process, command and collection, most time first. */
  lines(): string[] {
    const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? 0;
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    return [...this.by]
      .sort((a, b) => sum(b[1].ms) - sum(a[1].ms))
      .map(([key, g]) => {
        const failed = [...g.failed].map(([name, n]) => `${name} ${n}`).join(', ');
        return `${key.padEnd(34)} ${String(g.ms.length).padStart(5)} slow, total ${(sum(g.ms) / 1000).toFixed(1)} s, p50 ${pct(g.ms, 50)} ms, max ${Math.max(...g.ms)} ms, in flight p50 ${pct(g.inFlight, 50)}${failed ? `; failed: ${failed}` : ''}`;
      });
  }
}
