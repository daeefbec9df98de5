import pino, { type Logger } from 'pino';

export type { Logger };

/** Fields whose values never reach a log line. */
const REDACT = [
  'password',
  '*.password',
  'apiKey',
  '*.apiKey',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'headers.cookie',
  'secret',
  '*.secret',
  'METRICS_TOKEN',
  '*.METRICS_TOKEN',
  'metricsToken',
  '*.metricsToken',
];

/**
 * pino: readable in a terminal, JSON lines otherwise (files, CI, log shippers).
 * URLs are logged through `redactUrl`, never raw, because they may carry credentials.
 */
export function createLogger(opts: { level?: string; name?: string; pretty?: boolean; stderr?: boolean } = {}): Logger {
  const out = opts.stderr ? process.stderr : process.stdout;
  const pretty = opts.pretty ?? (out.isTTY === true && process.env.CI !== 'true');
  const options: pino.LoggerOptions = {
    name: opts.name ?? 'tillstream',
    level: opts.level ?? 'info',
    redact: { paths: REDACT, censor: '[redacted]' },
    transport: pretty
      ? { target: 'pino-pretty', options: { colorize: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname', destination: opts.stderr ? 2 : 1 } }
      : undefined,
  };
  // With --out -, stdout carries data: logs then go to stderr.
  return opts.stderr && !pretty ? pino(options, pino.destination(2)) : pino(options);
}

/** "redis://user:secret@host:6379/0" → "redis://user:***@host:6379/0". */
export function redactUrl(raw: string): string {
  try {
    const u = new URL(raw);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '[unparseable url]';
  }
}
