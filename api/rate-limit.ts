// Rate limits shared by every API replica: express-rate-limit per credential (after sign-in),
// and failed authentication (401s) per client address, both counted through the database
// (shared/db/rate-limit.ts) so that N replicas allow what one does, not N times as much.
// A request never waits for the database to be counted: each replica counts in memory and
// adds the others' counts as last read (about a second old); a database that does not
// answer leaves each replica limiting on its own counts.
import type { RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit, type Store as LimiterStore } from 'express-rate-limit';
import { randomUUID } from 'node:crypto';
import type { Store } from '../shared/db/store.js';
import { problems } from './errors.js';

type RateStore = Pick<Store, 'claimRateLimitSlot' | 'publishRateLimitCounts' | 'readRateLimitCounts' | 'dropRateLimitSlot'>;

const WINDOW_MS = 60_000;

/** One replica's counts for the current window, and the other replicas' as last read. */
export class SharedCounts {
  private window = -1;
  private slot?: Promise<string>;
  private readonly local = new Map<string, number>();
  private others = new Map<string, number>();
  private lastHit = 0;
  private syncing?: Promise<void>;
  private ticking?: NodeJS.Timeout;

  constructor(
    private readonly store: RateStore,
    private readonly syncMs = 1000,
    private readonly owner = randomUUID(),
  ) {}

  /** When the current window ends. */
  resetTime(): Date {
    this.roll();
    return new Date((this.window + 1) * WINDOW_MS);
  }

  /** The key's hits in this window across the replicas, this one's exact. */
  total(key: string): number {
    this.roll();
    return (this.local.get(key) ?? 0) + (this.others.get(key) ?? 0);
  }

  add(key: string, by = 1): number {
    this.roll();
    this.local.set(key, Math.max(0, (this.local.get(key) ?? 0) + by));
    this.keepInStep();
    return this.total(key);
  }

  /** This replica's counts of a key forgotten (express-rate-limit's resetKey). */
  forget(key: string): void {
    this.local.delete(key);
  }

  /**
   * While this replica counts (a hit within the last window): its counts published and
   * the others' read every `syncMs`, in the background.
   */
  private keepInStep(): void {
    this.lastHit = Date.now();
    if (this.ticking) return;
    const tick = () => {
      if (Date.now() - this.lastHit > WINDOW_MS) {
        clearInterval(this.ticking);
        this.ticking = undefined;
        return;
      }
      this.syncing ??= this.sync().finally(() => (this.syncing = undefined));
    };
    this.ticking = setInterval(tick, this.syncMs);
    this.ticking.unref();
    tick();
  }

  /** This replica's counts published, and the others' read. */
  private async sync(): Promise<void> {
    this.roll();
    const window = this.window;
    try {
      this.slot ??= this.store.claimRateLimitSlot(window, this.owner);
      const slot = await this.slot;
      await this.store.publishRateLimitCounts(slot, [...this.local]);
      const all = await this.store.readRateLimitCounts(window);
      if (window !== this.window) return;
      const others = new Map<string, number>();
      for (const r of all) if (r.owner !== this.owner) for (const [k, n] of r.counts) others.set(k, (others.get(k) ?? 0) + n);
      this.others = others;
    } catch {
      // The database did not answer: this replica limits on its own counts until it does.
      if (window === this.window) this.slot = undefined;
    }
  }

  /** A new window: counts start afresh, and this replica's document of the last one goes. */
  private roll(): void {
    const window = Math.floor(Date.now() / WINDOW_MS);
    if (window === this.window) return;
    const old = this.slot;
    this.window = window;
    this.slot = undefined;
    this.local.clear();
    this.others = new Map();
    void old?.then((slot) => this.store.dropRateLimitSlot(slot)).catch(() => {});
  }

  /** The counts as express-rate-limit's store, keys under `prefix`. */
  limiterStore(prefix: string): LimiterStore {
    return {
      localKeys: false,
      prefix,
      increment: (key) => ({ totalHits: this.add(prefix + key), resetTime: this.resetTime() }),
      decrement: (key) => void this.add(prefix + key, -1),
      resetKey: (key) => this.forget(prefix + key),
      get: (key) => ({ totalHits: this.total(prefix + key), resetTime: this.resetTime() }),
    };
  }
}

const retryAfter = (counts: SharedCounts) => Math.max(1, Math.ceil((counts.resetTime().getTime() - Date.now()) / 1000));

/** Requests per credential per minute: after authentication, keyed by who is calling. */
export function limitPerCredential(counts: SharedCounts, perMinute: number): RequestHandler {
  return rateLimit({
    windowMs: WINDOW_MS,
    limit: perMinute,
    store: counts.limiterStore('credential:'),
    keyGenerator: (_req, res) => res.locals.principal!.id,
    standardHeaders: false,
    legacyHeaders: false,
    handler: (_req, _res, next) => next(problems.rateLimited(retryAfter(counts))),
    validate: { xForwardedForHeader: false },
  });
}

/**
 * Failed authentication per client address: each 401 is counted, and an address past
 * `perMinute` of them is answered 429 before its credentials are looked at, right or
 * wrong, until the window ends (guessing keys or tokens gets nowhere). Only refusals
 * count, so a police system with a thousand notifications in flight is never held up.
 */
export function limitFailedAuthentication(counts: SharedCounts, perMinute: number): RequestHandler {
  return (req, res, next) => {
    const key = `unauthenticated:${ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unknown')}`;
    if (counts.total(key) >= perMinute) return next(problems.rateLimited(retryAfter(counts)));
    res.on('finish', () => {
      if (res.statusCode === 401) counts.add(key);
    });
    next();
  };
}
