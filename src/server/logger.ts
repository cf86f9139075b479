import { type DestinationStream, type Logger, pino } from 'pino';

/**
 * Paths that may carry credentials anywhere in a log object. Censoring by path is the
 * backstop: code never logs secrets on purpose.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'headers.authorization',
  '*.password',
  '*.secret',
  '*.secrets',
  '*.clientSecret',
  '*.apiKey',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  'key',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { service: 'frontdesk' } },
    destination,
  );
}
