// The worker's metrics, on its own port (PITSTOP_WORKER_METRICS_PORT): Temporal's SDK
// metrics from its Prometheus exporter (task slots, poll and schedule-to-start latencies,
// workflow and activity failures, sticky cache), and beside them, through the same
// exporter, what the worker alone sees: escalations by kind (a breached decision
// deadline among them), webhook deliveries that failed, and audit entries it could not
// write. Counts only: no case id, URL or name becomes a label. docs/operations.md, "Metrics".
import type { MetricMeter } from '@temporalio/common';
import { escalationKinds } from '../shared/case/stages.js';
import type { Store } from '../shared/db/store.js';

/** The Prometheus exporter's options for Runtime.install, or none when no port is set. */
export function prometheusTelemetry(env: NodeJS.ProcessEnv = process.env) {
  const port = env.PITSTOP_WORKER_METRICS_PORT;
  if (!port) return undefined;
  if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
    throw new Error(`PITSTOP_WORKER_METRICS_PORT must be a port number: got "${port}"`);
  }
  const host = env.PITSTOP_WORKER_METRICS_HOST || '127.0.0.1';
  return {
    metrics: {
      metricPrefix: 'temporal_',
      prometheus: { bindAddress: `${host}:${port}`, countersTotalSuffix: true, useSecondsForDurations: true },
    },
  };
}

/**
 * The store, counting each escalation the first time it is recorded (a retried
 * activity's insert is a duplicate and counts nothing) and each audit write that failed.
 */
export function countedStore(store: Store, meter: MetricMeter): Store {
  const escalations = meter.createCounter('pitstop_escalations', '1', 'Escalations recorded on case timelines, by kind (decision_deadline_breached: a breach)');
  const auditFailures = meter.createCounter('pitstop_audit_write_failures', '1', 'Audit entries the worker could not write (retried by Temporal)');
  // Each series there from the start, at 0: Prometheus' increase() misses a series' first count.
  for (const kind of escalationKinds) escalations.add(0, { kind });
  auditFailures.add(0);
  const counted =
    <A extends unknown[], R>(write: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await write(...args);
      } catch (err) {
        auditFailures.add(1);
        throw err;
      }
    };
  return {
    ...store,
    async insertTimelineEvent(doc: object) {
      const inserted = await store.insertTimelineEvent(doc);
      const event = doc as { type?: string; details?: { kind?: unknown } };
      if (inserted && event.type === 'escalated') escalations.add(1, { kind: String(event.details?.kind ?? 'unknown') });
      return inserted;
    },
    appendAudit: counted(store.appendAudit),
    appendAuditOnce: counted(store.appendAuditOnce),
    recordDisclosure: counted(store.recordDisclosure),
  };
}

/** fetch for outcome webhooks, counting each delivery attempt that failed and why. */
export function countedFetch(send: typeof fetch, meter: MetricMeter): typeof fetch {
  const failures = meter.createCounter('pitstop_webhook_failures', '1', 'Outcome webhook deliveries that failed, by reason: unreachable, server_error (5xx, 408, 429) or refused (other 4xx)');
  for (const reason of ['unreachable', 'server_error', 'refused']) failures.add(0, { reason });
  return async (input, init) => {
    let res: Response;
    try {
      res = await send(input, init);
    } catch (err) {
      failures.add(1, { reason: 'unreachable' });
      throw err;
    }
    if (!res.ok) {
      const refused = res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429;
      failures.add(1, { reason: refused ? 'refused' : 'server_error' });
    }
    return res;
  };
}
