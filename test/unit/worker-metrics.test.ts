// The worker's own counters beside Temporal's (worker/metrics.ts): what a webhook delivery
// that failed is counted as, and the exporter's settings from the environment. The
// escalation counter and the exporter itself: test/e2e/worker-metrics.test.ts.
import type { MetricMeter } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { countedFetch, prometheusTelemetry } from '../../worker/metrics.js';

/** A meter that keeps what was added, by counter and tags. */
function keepingMeter() {
  const added: string[] = [];
  const meter = {
    createCounter: (name: string) => ({ add: (n: number, tags: Record<string, string> = {}) => added.push(`${name}${JSON.stringify(tags)}+${n}`) }),
  } as unknown as MetricMeter;
  return { meter, added };
}

describe('countedFetch', () => {
  it('counts each failed delivery by reason, and nothing for one delivered', async () => {
    const { meter, added } = keepingMeter();
    const answers = [new Response(null, { status: 204 }), new Response('', { status: 503 }), new Response('', { status: 422 }), new Response('', { status: 429 })];
    const send = countedFetch((async () => answers.shift()!) as typeof fetch, meter);
    for (let i = 0; i < 4; i++) await send('http://127.0.0.1:1/outcomes');
    const unreachable = countedFetch((async () => Promise.reject(new TypeError('fetch failed'))) as typeof fetch, meter);
    await expect(unreachable('http://127.0.0.1:1/outcomes')).rejects.toThrow('fetch failed');
    // Each reason's series starts at 0 (Prometheus' increase() misses a series' first count).
    expect(added.splice(0, 3)).toEqual(['pitstop_webhook_failures{"reason":"unreachable"}+0', 'pitstop_webhook_failures{"reason":"server_error"}+0', 'pitstop_webhook_failures{"reason":"refused"}+0']);
    expect(added.filter((a) => !a.endsWith('+0'))).toEqual([
      'pitstop_webhook_failures{"reason":"server_error"}+1',
      'pitstop_webhook_failures{"reason":"refused"}+1',
      'pitstop_webhook_failures{"reason":"server_error"}+1',
      'pitstop_webhook_failures{"reason":"unreachable"}+1',
    ]);
  });
});

describe('prometheusTelemetry', () => {
  it('binds the exporter to PITSTOP_WORKER_METRICS_PORT (loopback unless PITSTOP_WORKER_METRICS_HOST), none without it, and refuses a bad port', () => {
    expect(prometheusTelemetry({})).toBeUndefined();
    expect(prometheusTelemetry({ PITSTOP_WORKER_METRICS_PORT: '9464' })?.metrics.prometheus.bindAddress).toBe('127.0.0.1:9464');
    expect(prometheusTelemetry({ PITSTOP_WORKER_METRICS_PORT: '9464', PITSTOP_WORKER_METRICS_HOST: '0.0.0.0' })?.metrics.prometheus.bindAddress).toBe('0.0.0.0:9464');
    expect(() => prometheusTelemetry({ PITSTOP_WORKER_METRICS_PORT: 'nine' })).toThrow(/PITSTOP_WORKER_METRICS_PORT/);
  });
});
