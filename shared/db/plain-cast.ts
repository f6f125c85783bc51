// An insert's document cast without building a mongoose document, where nothing needs
// casting: most of what the engine writes (keyed log slots, audit entries, timeline events,
// the working set) has a schema of plain paths (strings, numbers, dates, booleans, free-form
// values and arrays of them) and arrives already of those types. Building a mongoose
// document to find that out was the largest part of the worker's CPU per write (about a
// tenth of an intake's). So a schema of plain paths gets a caster made once from it, which
// checks each value is already what the path holds and copies it; anything else (a value of
// another type, a rule broken, a schema with more than plain paths) is left to mongoose,
// which casts or refuses it exactly as before. `test/unit/plain-cast.test.ts` checks, for
// every model, that a document this gives is the one mongoose gives. A schema with
// timestamps (the contact, the person) is stamped as mongoose stamps it. A free-form value is
// written as given, not copied as mongoose's cast would: the store's callers hand it values
// they do not change afterwards (a step's input, a receipt, a payload).
import type { Schema } from 'mongoose';

/** The document as mongoose would store it, or undefined: leave it to mongoose. */
export type PlainCaster = (fields: object) => Record<string, unknown> | undefined;

/** A value not already of its path's type, or breaking its rule: mongoose decides. */
const NOT_PLAIN = Symbol('not plain');
type Cast = (v: unknown) => unknown;

/** An ISO 8601 instant as the engine writes them (`toISOString`, or with an offset). */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

const primitives: Record<string, Cast> = {
  String: (v) => (typeof v === 'string' ? v : NOT_PLAIN),
  Number: (v) => (typeof v === 'number' && Number.isFinite(v) ? v : NOT_PLAIN),
  Boolean: (v) => (typeof v === 'boolean' ? v : NOT_PLAIN),
  Date: (v) => {
    const d = v instanceof Date ? v : typeof v === 'string' && ISO_INSTANT.test(v) ? new Date(v) : undefined;
    return d && !Number.isNaN(d.getTime()) ? d : NOT_PLAIN;
  },
};

/** The options a plain path may have: none that changes a value (setters, transforms) or adds a rule beyond `required` and `enum`. */
const PLAIN_OPTIONS = new Set(['type', 'required', 'enum', 'default', '$runBeforeSetters']);

/** A free-form value mongoose stores as given: plain data all through (no undefined, no empty object where the schema drops them, no class but Date). */
function plainData(v: unknown, minimize: boolean): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (v instanceof Date) return !Number.isNaN(v.getTime());
  if (Array.isArray(v)) return v.every((x) => plainData(x, minimize));
  if (typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return false;
  const values = Object.values(v as object);
  if (minimize && values.length === 0) return false;
  return values.every((x) => plainData(x, minimize));
}

interface PathType {
  instance: string;
  options: Record<string, unknown>;
  validators: { type?: string }[];
  setters: unknown[];
  enumValues?: string[];
  schema?: Schema;
  $isMongooseDocumentArray?: boolean;
  $embeddedSchemaType?: PathType;
}

/** A default that is a constant (the contact's `breached: false`, `projectionSeq: 0`): what mongoose stores when the path is absent. */
const constantDefault = (v: unknown): v is string | number | boolean =>
  typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

/** A path's options, if plain: its rule (required, enum), its constant default, and whether an array is defaulted to []. */
function plainOptions(t: PathType, isId: boolean): { required: boolean; enumValues?: Set<string>; arrayDefault: boolean; constant?: string | number | boolean } | undefined {
  if (t.setters.length || Object.keys(t.options).some((k) => !PLAIN_OPTIONS.has(k))) return undefined;
  if (t.validators.some((v) => v.type !== 'required' && v.type !== 'enum')) return undefined;
  const required = t.options.required;
  if (required !== undefined && typeof required !== 'boolean') return undefined;
  // A default other than "none" or a constant of a primitive path is not plain (an array's
  // implicit [] aside; a function's value is mongoose's to work out); an `_id`'s is never
  // used (the plain way takes only a document with its `_id`).
  const explicitDefault = Object.hasOwn(t.options, 'default');
  const dflt = t.options.default;
  const constant = explicitDefault && !isId && constantDefault(dflt) && t.instance in primitives ? dflt : undefined;
  if (explicitDefault && dflt !== undefined && !isId && constant === undefined) return undefined;
  const enumValues = t.enumValues?.length ? new Set(t.enumValues) : undefined;
  return { required: required === true, ...(enumValues ? { enumValues } : {}), arrayDefault: !explicitDefault, ...(constant !== undefined ? { constant } : {}) };
}

/** The cast of one path's present value, or undefined when the path is not plain. */
function pathCast(t: PathType, minimize: boolean, isId = false): { cast: Cast; required: boolean; missing: () => unknown } | undefined {
  const opts = plainOptions(t, isId);
  if (!opts) return undefined;
  const { required, enumValues } = opts;
  const none = () => undefined;
  if (t.instance === 'Mixed') return { cast: (v) => (plainData(v, minimize) ? v : NOT_PLAIN), required, missing: none };
  const primitive = primitives[t.instance];
  if (primitive) {
    const ruled: Cast = enumValues ? (v) => (typeof v === 'string' && enumValues.has(v) ? v : NOT_PLAIN) : primitive;
    // A required string must not be empty (mongoose's rule).
    const cast: Cast = required && t.instance === 'String' ? (v) => (v === '' ? NOT_PLAIN : ruled(v)) : ruled;
    if (opts.constant === undefined) return { cast, required, missing: none };
    // A default breaking the path's own rule is mongoose's to refuse.
    const given = cast(opts.constant);
    if (given === NOT_PLAIN) return undefined;
    return { cast, required, missing: () => given };
  }
  // A required array (a person's match keys) is plain when given: absent, mongoose decides.
  if (t.instance !== 'Array') return undefined;
  const element = t.$isMongooseDocumentArray ? subdocumentCast(t.schema) : elementCast(t.$embeddedSchemaType, minimize);
  if (!element) return undefined;
  return {
    cast: (v) => {
      if (!Array.isArray(v)) return NOT_PLAIN;
      const out = new Array(v.length);
      for (let i = 0; i < v.length; i++) if ((out[i] = element(v[i])) === NOT_PLAIN) return NOT_PLAIN;
      return out;
    },
    required,
    // An array path is [] when absent, unless the schema says `default: undefined`.
    missing: opts.arrayDefault ? () => [] : none,
  };
}

function elementCast(t: PathType | undefined, minimize: boolean): Cast | undefined {
  if (!t) return undefined;
  const path = pathCast(t, minimize);
  if (!path || path.required) return undefined;
  return (v) => (v === undefined || v === null ? NOT_PLAIN : path.cast(v));
}

function subdocumentCast(schema: Schema | undefined): Cast | undefined {
  // A subdocument with an `_id` would be given one: not plain.
  if (!schema || '_id' in schema.paths) return undefined;
  const caster = castOf(schema);
  if (!caster) return undefined;
  return (v) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return NOT_PLAIN;
    return caster(v) ?? NOT_PLAIN;
  };
}

/**
 * The paths mongoose stamps with the insert's time (a schema's `timestamps`: the contact's
 * and the person's `createdAt` and `updatedAt`), or undefined where the time is the
 * schema's own to work out (`currentTime`).
 */
function stampedPaths(schema: Schema): string[] | undefined {
  const timestamps = (schema.options as { timestamps?: unknown }).timestamps;
  if (!timestamps) return [];
  if (typeof timestamps === 'object' && Object.hasOwn(timestamps, 'currentTime')) return undefined;
  const { createdAt, updatedAt } = (schema as unknown as { $timestamps?: { createdAt?: unknown; updatedAt?: unknown } }).$timestamps ?? {};
  return [createdAt, updatedAt].filter((p): p is string => typeof p === 'string' && p !== '');
}

/** A stamped path (a Date, `immutable` at most): cast as a plain date. */
function stampCast(t: PathType): ReturnType<typeof pathCast> {
  if (t.instance !== 'Date' || Object.keys(t.options).some((k) => k !== 'type' && k !== 'immutable') || t.validators.length) return undefined;
  return { cast: primitives.Date, required: false, missing: () => undefined };
}

/** The caster of a schema of plain paths, or undefined (a nested path, a non-strict schema, …): mongoose casts it. */
function castOf(schema: Schema): PlainCaster | undefined {
  const options = schema.options as { strict?: unknown; minimize?: boolean };
  const stamped = stampedPaths(schema);
  if (options.strict !== true || stamped === undefined) return undefined;
  const minimize = options.minimize !== false;
  const paths: [string, NonNullable<ReturnType<typeof pathCast>>][] = [];
  for (const [name, t] of Object.entries(schema.paths)) {
    if (name.includes('.')) return undefined;
    // `createdAt` is immutable (setters that keep a stored document's value): a new one's is as given.
    const path = stamped.includes(name) ? stampCast(t as unknown as PathType) : pathCast(t as unknown as PathType, minimize, name === '_id');
    if (!path) return undefined;
    paths.push([name, path]);
  }
  const known = new Set(paths.map(([name]) => name));
  // A key that is a virtual (`id` sets `_id`) is mongoose's to apply.
  const virtuals = Object.keys((schema as unknown as { virtuals: object }).virtuals);
  return (fields) => {
    const given = fields as Record<string, unknown>;
    for (const v of virtuals) if (!known.has(v) && given[v] !== undefined) return undefined;
    const out: Record<string, unknown> = {};
    for (const [name, path] of paths) {
      const v = given[name];
      if (v === undefined || v === null) {
        if (path.required) return undefined;
        if (v === null) out[name] = null;
        else {
          const missing = path.missing();
          if (missing !== undefined) out[name] = missing;
        }
        continue;
      }
      const cast = path.cast(v);
      if (cast === NOT_PLAIN) return undefined;
      out[name] = cast;
    }
    // As mongoose's `initializeTimestamps`: the time of the insert where none was given
    // (its `mongoose.now()` is this `new Date()`).
    if (stamped.length > 0) {
      const now = new Date();
      for (const name of stamped) if (!out[name]) out[name] = now;
    }
    return out;
  };
}

const casters = new WeakMap<Schema, PlainCaster | null>();

/** The schema's plain caster, made once (null: none, mongoose casts every document). */
export function plainCasterOf(schema: Schema): PlainCaster | null {
  let caster = casters.get(schema);
  if (caster === undefined) casters.set(schema, (caster = castOf(schema) ?? null));
  return caster;
}
