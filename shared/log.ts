// Structured logs (pino): one JSON object a line, on stdout, for a log platform to collect.
// Logs leave the service and must hold no personal data, so what is logged is chosen
// (a request's method, route pattern and status; an error's name, or its message when it is
// ours: shared/log-safe.ts) and, behind that, redacted: any field named as personal data
// anywhere in the first two levels of a line is replaced by "[redacted]" (`redactedKeys`).
import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/common';
import { loggableError } from './log-safe.js';

export type { Logger };
export type Service = 'api' | 'worker' | 'supervisor' | 'command';

/** Fields that hold, or can hold, a person's data: never logged whatever carries them. */
export const redactedKeys = [
  'authorization', 'cookie', 'set-cookie', 'x-api-key', 'body', 'query', 'url',
  'name', 'givenName', 'familyName', 'dateOfBirth', 'address', 'addressLine', 'postcode',
  'email', 'phone', 'school', 'nhsNumber', 'policeReference', 'personKey', 'children', 'adults',
  'notification', 'officer', 'reason', 'note', 'notes', 'args', 'input', 'result',
];

const redactPaths = redactedKeys.flatMap((k) => [`["${k}"]`, `*["${k}"]`]);

/** `LOG_LEVEL` (TRACE … ERROR) as pino's level; `info` unset (every request logged). */
export function logLevel(env: NodeJS.ProcessEnv = process.env): string {
  const level = (env.LOG_LEVEL ?? 'info').toLowerCase();
  return ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'].includes(level) ? level : 'info';
}

/** The logger of one process of the engine; `destination` for tests (stdout otherwise, synchronously). */
export function createLogger(service: Service, destination?: DestinationStream, level = logLevel()): Logger {
  return pino(
    {
      level,
      base: { service },
      redact: { paths: redactPaths, censor: '[redacted]' },
      serializers: { err: (err: unknown) => ({ message: loggableError(err) }) },
    },
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

/** What of the Temporal SDK's metadata is logged: names and ids of the engine, never payloads. */
const temporalKeys = ['sdkComponent', 'taskQueue', 'namespace', 'workflowType', 'activityType', 'workflowId', 'runId', 'attempt', 'taskToken'] as const;

/** The Temporal runtime's logger, writing through pino (the worker's `Runtime.install({ logger })`). */
export function temporalLogger(logger: Logger): TemporalLogger {
  const write = (level: LogLevel, message: string, meta?: LogMetadata) => {
    const fields: Record<string, unknown> = {};
    for (const k of temporalKeys) if (k !== 'taskToken' && meta?.[k] !== undefined) fields[k] = meta[k];
    const failure = meta?.error ?? meta?.failure;
    if (failure !== undefined) fields.err = failure;
    const method = ({ TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const)[level];
    logger[method](fields, message);
  };
  return {
    log: write,
    trace: (m, meta) => write('TRACE', m, meta),
    debug: (m, meta) => write('DEBUG', m, meta),
    info: (m, meta) => write('INFO', m, meta),
    warn: (m, meta) => write('WARN', m, meta),
    error: (m, meta) => write('ERROR', m, meta),
  };
}
