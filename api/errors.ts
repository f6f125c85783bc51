// One error pipeline: every error leaves as application/problem+json (RFC 9457) with a
// stable type; unknown errors become a plain 500 that reveals nothing.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import type { Problem } from './schemas/problem.js';

export interface FieldError {
  path: string;
  message: string;
}

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? title);
  }
}

export const problems = {
  badRequest: (detail: string, errors?: FieldError[]) => new HttpProblem(400, 'bad-request', 'The request is not valid', detail, errors),
  validation: (err: ZodError, where: 'body' | 'query' | 'params' | 'headers' = 'body') =>
    new HttpProblem(
      400,
      'validation',
      'The request is not valid',
      `${err.issues.length} field(s) failed validation`,
      err.issues.map((i) => ({ path: [where, ...i.path].join('.'), message: i.message })),
    ),
  unauthorized: (detail = 'valid credentials are required') =>
    new HttpProblem(401, 'unauthorized', 'Not authenticated', detail, undefined, { 'WWW-Authenticate': 'Bearer realm="pitstop"' }),
  forbidden: (detail: string) => new HttpProblem(403, 'forbidden', 'Not permitted', detail),
  notFound: (detail: string) => new HttpProblem(404, 'not-found', 'Not found', detail),
  conflict: (detail: string) => new HttpProblem(409, 'conflict', 'The case is not at that step', detail),
  /** The meeting is not at that step: closing one never opened, adding to a closed register. */
  meetingConflict: (detail: string, errors?: FieldError[]) => new HttpProblem(409, 'conflict', 'The meeting is not at that step', detail, errors),
  unsupportedMediaType: () =>
    new HttpProblem(415, 'unsupported-media-type', 'Unsupported media type', 'send the body as application/json'),
  /** Valid on its own, but not for this case (e.g. MARAC for high-risk domestic abuse). */
  ruleViolation: (detail: string, errors: FieldError[]) =>
    new HttpProblem(422, 'rule-violation', 'The step breaks a rule for this case', detail, errors),
  tooLarge: () => new HttpProblem(413, 'payload-too-large', 'The request body is too large'),
  rateLimited: (retryAfter: number) =>
    new HttpProblem(429, 'rate-limited', 'Too many requests', `retry after ${retryAfter}s`, undefined, { 'Retry-After': String(retryAfter) }),
  unavailable: (what: string) =>
    new HttpProblem(503, 'unavailable', 'Service temporarily unavailable', `${what} is unreachable or did not confirm in time; the request was not acknowledged`, undefined, { 'Retry-After': '5' }),
};

function send(res: Parameters<ErrorRequestHandler>[2], p: HttpProblem, requestId?: string, instance?: string) {
  for (const [k, v] of Object.entries(p.headers)) res.setHeader(k, v);
  const body: Problem = {
    type: `urn:pitstop:problem:${p.type}`,
    title: p.title,
    status: p.status,
    ...(p.detail ? { detail: p.detail } : {}),
    ...(p.errors ? { errors: p.errors } : {}),
    ...(instance ? { instance } : {}),
    ...(requestId ? { requestId } : {}),
  };
  res.status(p.status).type('application/problem+json').json(body);
}

/**
 * The database unreachable or lost mid-request: no server to select, the connection
 * dropped (or a pool cleared because another connection dropped: an operation waiting
 * for a connection fails with that), the server or topology closed. Looks through
 * `cause`, where wrappers put the driver's error.
 */
export function isMongoUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (/^Mongo(ose)?(ServerSelection|Network|NotConnected|TopologyClosed|PoolCleared|ServerClosed)/.test(e.name)) return true;
  }
  return false;
}

/** gRPC UNAVAILABLE (14) or DEADLINE_EXCEEDED (4) from the Temporal frontend. */
const isTemporalUnavailable = (err: unknown) => {
  const e = err as { name?: string; code?: number; cause?: { code?: number } } | undefined;
  const code = e?.cause?.code ?? e?.code;
  // An update the workflow did not confirm in time (no worker polling, say).
  if (e?.name === 'WorkflowUpdateRPCTimeoutOrCancelledError') return true;
  return (e?.name === 'ServiceError' || e?.name === 'ConnectionError') && (code === 14 || code === 4);
};

export const notFoundRoute: RequestHandler = (req, _res, next) => next(problems.notFound(`no route ${req.method} ${req.path}`));

export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const requestId = res.locals.requestId as string | undefined;
  if (res.headersSent) return;
  let problem: HttpProblem;
  if (err instanceof HttpProblem) problem = err;
  else if (err instanceof ZodError) problem = problems.validation(err);
  else if (err?.type === 'entity.too.large') problem = problems.tooLarge();
  else if (err?.type === 'entity.parse.failed') problem = problems.badRequest('the body is not valid JSON', [{ path: 'body', message: 'malformed JSON' }]);
  else if (err?.type === 'charset.unsupported' || err?.type === 'encoding.unsupported') problem = problems.badRequest(String(err.message));
  else if (isMongoUnavailable(err)) problem = problems.unavailable('the database');
  else if (isTemporalUnavailable(err)) problem = problems.unavailable('the workflow service');
  else {
    // No request body or case data in the log: the error's name and message only.
    console.error(`pitstop api: ${requestId ?? '-'} unhandled ${err?.name ?? 'error'}: ${err?.message ?? ''}`);
    problem = new HttpProblem(500, 'internal', 'Internal error', 'something went wrong; nothing was acknowledged');
  }
  send(res, problem, requestId, req.originalUrl);
};
