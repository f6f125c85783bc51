// The API's Prometheus metrics (prom-client), served at GET /metrics: requests by route and
// status, police notifications accepted and refused, audit entries that could not be
// written, and, read from the working set at each scrape, the open cases by stage and
// rating, the red contacts waiting for a decision, the breached cases and the outcomes a
// force's system never took. Counts and route templates only: no case id, no name, no
// query string ever becomes a label. The worker's metrics (Temporal's, escalations,
// webhook failures) are on its own port (worker/metrics.ts). docs/operations.md, "Metrics".
import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Store } from '../shared/db/store.js';

export interface Metrics {
  registry: Registry;
  /** First in the chain: counts each request when its response is sent. */
  count: RequestHandler;
  /** GET /metrics, in Prometheus' text format. */
  serve: RequestHandler;
  /** The store, with every audit write that fails counted. */
  store: Store;
}

/** The stages before the front door's decision: a red contact in one of them is waiting. */
const beforeDecision = new Set(['received', 'awaiting_rating', 'awaiting_decision']);

/** What a police system's POST /api/v1/notifications came to. */
function intakeOutcome(status: number): string {
  if (status === 202) return 'accepted';
  if (status === 200) return 'again';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'unavailable';
  return 'refused';
}

/**
 * The route template a request matched (`/api/v1/cases/:id`), never the path asked for, so
 * no id becomes a label; `unmatched` when no route took it (refused before one, or 404).
 * Worked out from the path asked for and the route's own template: once an error has left
 * the routers, Express no longer says where the route was mounted (req.baseUrl is empty).
 */
export function routeTemplate(req: { route?: { path?: unknown }; originalUrl: string; baseUrl: string }): string {
  const template = req.route?.path;
  if (typeof template !== 'string') return 'unmatched';
  if (/[*?(]/.test(template)) return `${req.baseUrl}${template}`;
  const asked = req.originalUrl.split('?')[0].split('/').filter(Boolean);
  const own = template.split('/').filter(Boolean).length;
  const mount = asked.slice(0, Math.max(0, asked.length - own)).join('/');
  return `${mount ? `/${mount}` : ''}${template}`;
}

interface OpenCaseFields {
  stage?: string;
  rating?: string;
  breached?: boolean;
  receivedAt?: Date;
  decisionDueAt?: Date;
  policeFeedbackStatus?: string;
}

/** One registry per server (a test process runs several), with the process's own metrics. */
export function createMetrics(store: Store): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'pitstop_api_' });
  const registers = [registry];

  const requests = new Counter({ name: 'pitstop_http_requests_total', help: 'HTTP requests answered, by method, route template and status', labelNames: ['method', 'route', 'status'], registers });
  const duration = new Histogram({
    name: 'pitstop_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method and route template',
    labelNames: ['method', 'route'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const intake = new Counter({
    name: 'pitstop_intake_notifications_total',
    help: 'Police notifications received, by outcome: accepted (202), again (200: a resend or an update), refused (4xx), rate_limited (429), unavailable (5xx)',
    labelNames: ['outcome'],
    registers,
  });
  const auditFailures = new Counter({ name: 'pitstop_audit_write_failures_total', help: 'Audit entries the API could not write', registers });

  const openCases = new Gauge({ name: 'pitstop_open_cases', help: 'Open cases by stage and rating (unrated: none yet)', labelNames: ['stage', 'rating'], registers });
  const redWaiting = new Gauge({ name: 'pitstop_red_contacts_waiting', help: 'Red contacts not yet decided', registers });
  const redOldest = new Gauge({ name: 'pitstop_red_contact_oldest_wait_seconds', help: 'How long the longest-waiting undecided red contact has waited since receipt (0: none)', registers });
  const redDue = new Gauge({
    name: 'pitstop_red_contact_due_in_seconds',
    help: "Time left to the soonest decision deadline (working time) of an undecided red contact; negative once passed; no sample when none waits",
    registers,
  });
  const breached = new Gauge({ name: 'pitstop_open_cases_breached', help: 'Open cases whose decision deadline was breached', registers });
  const feedbackFailed = new Gauge({ name: 'pitstop_police_feedback_failed', help: "Open cases whose outcome the force's system never took (given up: managers tell the force)", registers });
  const readOk = new Gauge({
    name: 'pitstop_case_metrics_up',
    help: 'Whether the last scrape could read the open cases (0: the database did not answer; the case gauges are then empty)',
    registers,
    async collect() {
      openCases.reset();
      redDue.reset();
      try {
        const open = await store.readOpenCases<OpenCaseFields>({ stage: 1, rating: 1, breached: 1, receivedAt: 1, decisionDueAt: 1, policeFeedbackStatus: 1 });
        let red = 0;
        let oldest = 0;
        let soonest = Infinity;
        const now = Date.now();
        for (const c of open) {
          openCases.inc({ stage: c.stage ?? 'unknown', rating: c.rating ?? 'unrated' });
          if (c.rating === 'red' && beforeDecision.has(c.stage ?? '')) {
            red += 1;
            if (c.receivedAt) oldest = Math.max(oldest, (now - new Date(c.receivedAt).getTime()) / 1000);
            if (c.decisionDueAt) soonest = Math.min(soonest, (new Date(c.decisionDueAt).getTime() - now) / 1000);
          }
        }
        redWaiting.set(red);
        redOldest.set(oldest);
        if (soonest !== Infinity) redDue.set(soonest);
        breached.set(open.filter((c) => c.breached).length);
        feedbackFailed.set(open.filter((c) => c.policeFeedbackStatus === 'failed').length);
        this.set(1);
      } catch {
        this.set(0);
      }
    },
  });
  void readOk;

  const count: RequestHandler = (req, res, next) => {
    const end = duration.startTimer();
    res.on('finish', () => {
      const route = routeTemplate(req);
      requests.inc({ method: req.method, route, status: String(res.statusCode) });
      end({ method: req.method, route });
      if (req.method === 'POST' && req.originalUrl.split('?')[0].replace(/\/$/, '') === '/api/v1/notifications') {
        intake.inc({ outcome: intakeOutcome(res.statusCode) });
      }
    });
    next();
  };

  const serve: RequestHandler = async (_req, res, next) => {
    try {
      const body = await registry.metrics();
      res.setHeader('Cache-Control', 'no-store');
      res.type(registry.contentType).send(body);
    } catch (err) {
      next(err);
    }
  };

  const counted = <A extends unknown[], R>(write: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await write(...args);
      } catch (err) {
        auditFailures.inc();
        throw err;
      }
    };
  const audited: Store = {
    ...store,
    appendAudit: counted(store.appendAudit),
    appendAuditOnce: counted(store.appendAuditOnce),
    recordDisclosure: counted(store.recordDisclosure),
  };

  return { registry, count, serve, store: audited };
}
