// 405 Method Not Allowed, with `Allow`, for a path the API has under a method it does not
// (RFC 9110 §15.5.6): `PUT /api/v1/cases/{id}` is a method the case does not take, not an
// unsupported body (415) or a missing page (404). The paths and their methods are read from
// the OpenAPI document, so what is refused is exactly what the contract leaves out. Runs
// before the body is read and before authentication: the answer is the same for everyone.
import type { RequestHandler } from 'express';
import { problems } from './errors.js';
import { openApiDocument } from './openapi.js';

const httpMethods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

interface PathMethods {
  pattern: RegExp;
  allow: string[];
}

let table: PathMethods[] | undefined;

/** Each documented path as a pattern (`{caseId}` is one segment) with its methods; GET brings HEAD. */
export function pathMethods(): PathMethods[] {
  table ??= Object.entries(openApiDocument().paths ?? {}).map(([path, item]) => {
    const methods = httpMethods.filter((m) => (item as Record<string, unknown>)[m] !== undefined).map((m) => m.toUpperCase());
    if (methods.includes('GET') && !methods.includes('HEAD')) methods.push('HEAD');
    const source = path
      .split('/')
      .map((segment) => (/^\{[^}]+\}$/.test(segment) ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/');
    return { pattern: new RegExp(`^${source}/?$`), allow: methods };
  });
  return table;
}

export const methodNotAllowed: RequestHandler = (req, res, next) => {
  const known = pathMethods().find((p) => p.pattern.test(req.path));
  if (!known || known.allow.includes(req.method)) return next();
  next(problems.methodNotAllowed(known.allow));
};
