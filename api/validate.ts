import type { ZodTypeAny, z } from 'zod';
import { problems } from './errors.js';

/** Parses with the route's zod schema; a failure is a 400 naming each field. */
export function parse<S extends ZodTypeAny>(schema: S, value: unknown, where: 'body' | 'query' | 'params' | 'headers' = 'body'): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw problems.validation(r.error, where);
  return r.data;
}
