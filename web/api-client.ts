// The pages are a backend-for-frontend over the engine's own JSON API: each call goes to
// /api/v1 on this same server, over its own socket, with the signed-in person's own access
// token from the identity provider (refreshed by the session when it expires). Validation, policies, steps and the audit trail are the API's;
// the pages have no second path to the data.
import type { Request, Response } from 'express';
import type { AuthConfig } from '../api/auth/tokens.js';
import type { Problem, ProblemCode } from '../api/schemas/problem.js';
import { inWords } from './labels.js';

/**
 * Refusals of a case outside the reader's need to know, in the page's words: the API's
 * own detail goes on to tell an API client how to read it all the same (the X-Reason
 * header), which a page does not offer.
 */
const refusalWords: Partial<Record<ProblemCode, string>> = {
  'not-allocated': 'the case is not allocated to your agency',
  'outside-need-to-know': 'your agency has no request, partner action or allocation on this case',
};

/** A case's own read: refused outside need to know, the page offers to read it with a reason (break-glass). */
const caseRead = /^\/cases\/(C-[0-9A-F]+)$/;


/** A page cannot be shown: the API refused (401, 403, 404) or could not answer. */
export class PageError extends Error {
  constructor(
    readonly status: number,
    readonly detail?: string,
    /** A case refused outside the reader's need to know: the page asks for a reason to read it (web/pages/break-glass.ts). */
    readonly breakGlassCaseId?: string,
  ) {
    super(detail ?? `status ${status}`);
  }
}

/**
 * Refused by the pages themselves, before any call to the API (a page not for the person's
 * role, a form without the session's CSRF token): recorded in the audit trail by the page
 * error handler (`WebDeps.recordRefusal`), as the API records its own refusals.
 */
export class RefusedByPages extends PageError {}

export interface ApiAnswer<T> {
  status: number;
  body: T;
}

/**
 * The server's own address for this request: the socket it arrived on, never the Host
 * header (which the client writes). A server bound to all interfaces answers there too.
 */
function selfBaseUrl(req: Request): string {
  let host = req.socket.localAddress ?? '127.0.0.1';
  if (host.startsWith('::ffff:')) host = host.slice(7);
  if (host === '::' || host === '0.0.0.0') host = '127.0.0.1';
  return `http://${host.includes(':') ? `[${host}]` : host}:${req.socket.localPort}`;
}

export function apiClient(_auth: AuthConfig, req: Request, res: Response) {
  if (!res.locals.session?.user) throw new PageError(401);
  const base = `${selfBaseUrl(req)}/api/v1`;

  async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<ApiAnswer<T>> {
    const token = await res.locals.accessToken?.();
    // The session is over (the provider refused a refresh): sign in again.
    if (!token) throw new PageError(401);
    const headers: Record<string, string> = { ...extraHeaders, authorization: `Bearer ${token}`, accept: 'application/json' };
    // The page's request id, so the API's log lines of this page can be found together.
    if (res.locals.requestId) headers['x-request-id'] = res.locals.requestId;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let answer: globalThis.Response;
    try {
      answer = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch {
      throw new PageError(503, 'the engine did not answer');
    }
    const text = await answer.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: answer.status, body: parsed as T };
  }

  /** Statuses every page treats alike; the caller handles what is left. */
  function refuse(a: ApiAnswer<unknown>, path = ''): never {
    const p = (a.body ?? {}) as Problem;
    if (a.status === 401) throw new PageError(401);
    if (a.status === 403) {
      const words = refusalWords[p.code];
      throw new PageError(403, words ?? (p.detail === undefined ? undefined : inWords(p.detail)), words ? caseRead.exec(path)?.[1] : undefined);
    }
    if (a.status === 404) throw new PageError(404, p.detail);
    if (a.status === 429) throw new PageError(429, p.detail);
    if (a.status >= 500) throw new PageError(503, p.detail);
    throw new PageError(a.status >= 400 ? a.status : 500, p.detail);
  }

  /** A file from the API with the person's token; the engine not answering ends the page (503). */
  async function fetchFile(path: string): Promise<globalThis.Response> {
    const token = await res.locals.accessToken?.();
    if (!token) throw new PageError(401);
    try {
      return await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
    } catch {
      throw new PageError(503, 'the engine did not answer');
    }
  }

  return {
    /** A file the API gives (a CSV): its text and type; anything but 2xx ends the page. */
    async download(path: string): Promise<{ text: string; type: string; disposition?: string }> {
      const answer = await fetchFile(path);
      if (!answer.ok) return refuse({ status: answer.status, body: await answer.json().catch(() => undefined) });
      return { text: await answer.text(), type: answer.headers.get('content-type') ?? 'text/plain', disposition: answer.headers.get('content-disposition') ?? undefined };
    },
    /**
     * A file as bytes (a workbook): its body and type, or the problem of a refused request
     * (400) for the form to show; anything else but 2xx ends the page.
     */
    async downloadBytes(path: string): Promise<{ ok: true; bytes: Buffer; type: string; disposition?: string } | { ok: false; problem: Problem }> {
      const answer = await fetchFile(path);
      if (answer.status === 400) return { ok: false, problem: (await answer.json()) as Problem };
      if (!answer.ok) return refuse({ status: answer.status, body: await answer.json().catch(() => undefined) });
      const type = answer.headers.get('content-type') ?? 'application/octet-stream';
      return { ok: true, bytes: Buffer.from(await answer.arrayBuffer()), type, disposition: answer.headers.get('content-disposition') ?? undefined };
    },
    /** The answer as it is, for a caller that handles every status itself. */
    raw: <T>(path: string) => call<T>('GET', path),
    /** A read: anything but 2xx ends the page with the matching error page. */
    async get<T>(path: string): Promise<T> {
      const a = await call<T>('GET', path);
      if (a.status >= 200 && a.status < 300) return a.body;
      return refuse(a, path);
    },
    /**
     * A read beyond need to know, with the reason the person gave (X-Reason): the answer,
     * or the refused reason's problem (400) for the form; anything else ends the page.
     */
    async readWithReason<T>(path: string, reason: string): Promise<{ ok: true; body: T } | { ok: false; problem: Problem }> {
      const a = await call<T>('GET', path, undefined, { 'x-reason': reason });
      if (a.status >= 200 && a.status < 300) return { ok: true, body: a.body };
      if (a.status === 400) return { ok: false, problem: (a.body ?? {}) as Problem };
      return refuse(a);
    },
    /** A read where 404 is an answer, not an error (a search by reference). */
    async find<T>(path: string): Promise<T | undefined> {
      const a = await call<T>('GET', path);
      if (a.status >= 200 && a.status < 300) return a.body;
      if (a.status === 404 || a.status === 400) return undefined;
      return refuse(a);
    },
    /**
     * A step. Refused input (400, 422) and a step out of order (409) come back to the
     * form, which shows them; anything else ends the page.
     */
    async post<T>(path: string, body: unknown, headers?: Record<string, string>): Promise<{ ok: true; body: T } | { ok: false; problem: Problem }> {
      const a = await call<T>('POST', path, body, headers);
      if (a.status >= 200 && a.status < 300) return { ok: true, body: a.body };
      if (a.status === 400 || a.status === 409 || a.status === 422) {
        const p = (a.body ?? {}) as Problem;
        return { ok: false, problem: { ...p, detail: p.detail === undefined ? undefined : inWords(p.detail), status: a.status } };
      }
      return refuse(a);
    },
  };
}

export type ApiClient = ReturnType<typeof apiClient>;
