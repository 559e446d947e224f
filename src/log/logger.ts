// Structured JSON logs (pino). Keys that can carry secrets are censored wherever they appear, so a
// token passed along in an error object or a request record never reaches the log.
import { type Logger, pino } from 'pino';

export const secretKeys = [
  'password',
  'token',
  'apiUserKey',
  'integrationKey',
  'key',
  'authorization',
  'Authorization',
  'secret',
  'cookie',
];

const redactPaths = secretKeys.flatMap((k) => [k, `*.${k}`, `*.*.${k}`, `*.*.*.${k}`]);

export function createLogger(
  options: { level?: string; name?: string; destination?: NodeJS.WritableStream } = {},
): Logger {
  return pino(
    {
      name: options.name ?? 'koppla',
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      redact: { paths: redactPaths, censor: '[redacted]' },
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination ?? pino.destination(2),
  );
}

export type { Logger };
