// What of an error may go into a log line. Logs leave the service (a log platform, an
// operator's terminal) and must hold no personal data. A database driver's message quotes
// the values it was given (a duplicate key's `dup key: { personKey: "…" }`, a validation
// error's value), and those can be a child's name, date of birth or NHS number: of a driver
// error only its name and code are logged. Our own errors' messages name fields, never values.

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  codeName?: unknown;
  keyValue?: unknown;
  errorResponse?: unknown;
}

/** Errors from the MongoDB driver or mongoose, whose messages may quote values. */
function isDatabaseError(e: ErrorLike): boolean {
  return (typeof e.name === 'string' && /^(Mongo|Mongoose|ValidationError$|CastError$|VersionError$|DocumentNotFoundError$)/.test(e.name)) || e.keyValue !== undefined || e.errorResponse !== undefined;
}

/** `Name: message`, or `Name (code 11000 DuplicateKey)` for a database error: safe to log. */
export function loggableError(err: unknown): string {
  if (!err || typeof err !== 'object') return 'error';
  const e = err as ErrorLike;
  const name = typeof e.name === 'string' ? e.name : 'Error';
  if (isDatabaseError(e)) {
    const code = [e.code, e.codeName].filter((x) => typeof x === 'number' || typeof x === 'string').join(' ');
    return code ? `${name} (code ${code})` : name;
  }
  return `${name}: ${typeof e.message === 'string' ? e.message : ''}`;
}
