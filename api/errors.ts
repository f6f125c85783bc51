// One error pipeline: every error leaves as application/problem+json (RFC 9457) with a
// stable type and code, and a code on each refused field, so that a client (the pages
// among them) reads what went wrong without parsing the English.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError, type ZodIssue } from 'zod';
import { loggableError } from '../shared/log-safe.js';
import type { FieldErrorCode, Problem, ProblemCode } from './schemas/problem.js';

export interface FieldError {
  path: string;
  /** Given where the cause is known; otherwise the problem's own (fieldCodeOf). */
  code?: FieldErrorCode;
  message: string;
}

type ProblemType = Exclude<ProblemCode, 'not-allocated' | 'outside-need-to-know'>;

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly type: ProblemType,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldError[],
    readonly headers: Record<string, string> = {},
    /** Narrower than the type, where a client acts on the difference. */
    readonly code: ProblemCode = type,
  ) {
    super(detail ?? title);
  }
}

/** What a zod issue says about the field, as a code. */
function fieldCodeOfIssue(i: ZodIssue): FieldErrorCode {
  switch (i.code) {
    case 'invalid_type':
      return i.received === 'undefined' || i.received === 'null' ? 'required' : 'wrong-type';
    case 'invalid_literal':
    case 'invalid_enum_value':
    case 'invalid_union':
    case 'invalid_union_discriminator':
      return 'not-a-choice';
    case 'too_small':
      // An empty or blank text (nonEmpty trims first) is nothing given.
      return i.type === 'string' && Number(i.minimum) === 1 ? 'required' : 'too-small';
    case 'too_big':
      return 'too-big';
    case 'invalid_string':
    case 'invalid_date':
      return 'bad-format';
    case 'unrecognized_keys':
      return 'unknown-field';
    default:
      return 'invalid';
  }
}

/** A field refused without a code of its own takes its problem's: a rule, a conflict, or invalid. */
const fieldCodeOf = (p: HttpProblem): FieldErrorCode => (p.status === 422 ? 'rule' : p.status === 409 ? 'conflict' : 'invalid');

export const problems = {
  badRequest: (detail: string, errors?: FieldError[]) => new HttpProblem(400, 'bad-request', 'The request is not valid', detail, errors),
  validation: (err: ZodError, where: 'body' | 'query' | 'params' | 'headers' = 'body') =>
    new HttpProblem(
      400,
      'validation',
      'The request is not valid',
      `${err.issues.length} field(s) failed validation`,
      err.issues.map((i) => ({ path: [where, ...i.path].join('.'), code: fieldCodeOfIssue(i), message: i.message })),
    ),
  unauthorized: (detail = 'valid credentials are required') =>
    new HttpProblem(401, 'unauthorized', 'Not authenticated', detail, undefined, { 'WWW-Authenticate': 'Bearer realm="pitstop"' }),
  forbidden: (detail: string) => new HttpProblem(403, 'forbidden', 'Not permitted', detail),
  /**
   * A case outside the reader's need to know: `why` is the refusal, told with how to read
   * it all the same; the code says which refusal, for a client that words it itself.
   */
  outsideNeedToKnow: (code: 'not-allocated' | 'outside-need-to-know', why: string) =>
    new HttpProblem(403, 'forbidden', 'Not permitted', `${why}: to read it all the same, give your reason in the X-Reason header (the read is audited with it)`, undefined, {}, code),
  notFound: (detail: string) => new HttpProblem(404, 'not-found', 'Not found', detail),
  conflict: (detail: string) => new HttpProblem(409, 'conflict', 'The case is not at that step', detail),
  /** The meeting is not at that step: closing one never opened, adding to a closed register. */
  meetingConflict: (detail: string, errors?: FieldError[]) => new HttpProblem(409, 'conflict', 'The meeting is not at that step', detail, errors),
  methodNotAllowed: (allow: readonly string[]) =>
    new HttpProblem(405, 'method-not-allowed', 'Method not allowed', `this path takes ${allow.join(', ')}`, undefined, { Allow: allow.join(', ') }),
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
    code: p.code,
    ...(p.detail ? { detail: p.detail } : {}),
    ...(p.errors ? { errors: p.errors.map((e) => ({ path: e.path, code: e.code ?? fieldCodeOf(p), message: e.message })) } : {}),
    ...(instance ? { instance } : {}),
    ...(requestId ? { requestId } : {}),
  };
  res.status(p.status).type('application/problem+json').json(body);
}

/**
 * The database unreachable or lost mid-request: no server to select, the connection
 * dropped (or a pool cleared because another connection dropped: an operation waiting
 * for a connection fails with that), the server or topology closed, or an operation past
 * its time limit (MONGODB_TIMEOUT_MS: a reply that never comes). Looks through `cause`,
 * where wrappers put the driver's error.
 */
export function isMongoUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (/^Mongo(ose)?(ServerSelection|Network|NotConnected|TopologyClosed|PoolCleared|ServerClosed|OperationTimeout)/.test(e.name)) return true;
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
  else if (err?.type === 'entity.parse.failed') problem = problems.badRequest('the body is not valid JSON', [{ path: 'body', code: 'malformed', message: 'malformed JSON' }]);
  else if (err?.type === 'charset.unsupported' || err?.type === 'encoding.unsupported') problem = problems.badRequest(String(err.message));
  else if (isMongoUnavailable(err)) problem = problems.unavailable('the database');
  else if (isTemporalUnavailable(err)) problem = problems.unavailable('the workflow service');
  else {
    // No request body or case data in the log (shared/log-safe.ts: a driver error's values are never logged).
    (req.log ?? console).error({ err: loggableError(err) }, 'unhandled error');
    problem = new HttpProblem(500, 'internal', 'Internal error', 'something went wrong; nothing was acknowledged');
  }
  send(res, problem, requestId, req.originalUrl);
};
