import type { LoggerService } from '@nestjs/common';
import pino, { Logger as PinoLogger } from 'pino';
import pretty from 'pino-pretty';

export interface LogOptions {
  level: string;
  format: 'auto' | 'json' | 'pretty';
  /** Where JSON lines go (tests); standard output otherwise. */
  destination?: pino.DestinationStream;
}

// Secrets and message bodies never reach a log line, whatever the caller passes.
const REDACTED_PATHS = [
  'password',
  'liAt',
  'li_at',
  'cookie',
  'cookies',
  'authorization',
  'apiKey',
  'key',
  'note',
  'text',
  'body',
  'proxy',
  '*.password',
  '*.liAt',
  '*.li_at',
  '*.cookie',
  '*.cookies',
  '*.authorization',
  '*.note',
  '*.text',
  '*.body',
  '*.proxy',
];

export function createRootLogger(options: LogOptions): PinoLogger {
  const usePretty =
    options.format === 'pretty' || (options.format === 'auto' && process.stdout.isTTY === true);
  const settings: pino.LoggerOptions = {
    level: options.level,
    base: { pid: process.pid },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: { err: serializeError, error: serializeError },
    formatters: { log: withoutQueryParamFields },
  };
  if (!usePretty) return options.destination ? pino(settings, options.destination) : pino(settings);
  return pino(
    settings,
    pretty({
      colorize: true,
      sync: true,
      ignore: 'pid,hostname,context',
      messageKey: 'msg',
      messageFormat: '{if context}[{context}] {end}{msg}',
    }),
  );
}

/** What a failed query's error looks like (drizzle's DrizzleQueryError). */
interface QueryError extends Error {
  query: string;
  params: unknown[];
}

function isQueryError(error: unknown): error is QueryError {
  const { query, params } = (error ?? {}) as { query?: unknown; params?: unknown };
  return error instanceof Error && typeof query === 'string' && Array.isArray(params);
}

/**
 * The standard error fields, but a failed query keeps only its SQL and the database's code and
 * message: its parameters hold ciphertext, key hashes and lead fields.
 */
function serializeError(error: unknown): unknown {
  const serialized = pino.stdSerializers.err(error as Error) as unknown;
  if (typeof serialized !== 'object' || serialized === null) return serialized;
  const fields = serialized as Record<string, unknown>;
  for (let current = error; current instanceof Error; current = current.cause) {
    if (!isQueryError(current)) continue;
    const safe = `Failed query: ${current.query}`;
    for (const key of ['message', 'stack']) {
      if (typeof fields[key] === 'string')
        fields[key] = fields[key].split(current.message).join(safe);
    }
    const code = (current.cause as { code?: unknown } | undefined)?.code;
    if (fields.code === undefined && typeof code === 'string') fields.code = code;
  }
  delete fields.params;
  return fields;
}

/** Error text passed as a string (`err: error.message`) loses a failed query's parameters too. */
export function withoutQueryParams(text: string): string {
  const start = text.indexOf('\nparams: ');
  if (start < 0) return text;
  const frames = text.indexOf('\n    at ', start);
  return text.slice(0, start) + (frames < 0 ? '' : text.slice(frames));
}

/**
 * An error's message as its owner reads it: no query parameters, and of a browser error neither
 * the call log nor the terminal's colour codes.
 */
export function readableErrorText(text: string): string {
  // eslint-disable-next-line no-control-regex
  const plain = withoutQueryParams(text).replace(/\u001b\[[0-9;]*m/g, '');
  const callLog = plain.indexOf('\nCall log:');
  return (callLog < 0 ? plain : plain.slice(0, callLog)).trim();
}

function withoutQueryParamFields(fields: Record<string, unknown>): Record<string, unknown> {
  const leaking = Object.entries(fields).filter(
    ([, value]) => typeof value === 'string' && value.includes('\nparams: '),
  );
  if (leaking.length === 0) return fields;
  const safe = { ...fields };
  for (const [key, value] of leaking) safe[key] = withoutQueryParams(value as string);
  return safe;
}

// Nest announces every module and route at start; that belongs to debug, not to a first start.
const NEST_BOOT_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

/** Nest's logger interface over pino: a context per class, objects as structured fields. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly root: PinoLogger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(requested: pino.Level, message: unknown, rest: unknown[]): void {
    // Nest passes the context last; an error's stack, when present, comes before it.
    const context = typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const level =
      requested === 'info' && NEST_BOOT_CONTEXTS.has(context ?? '') ? 'debug' : requested;
    const stack = typeof rest[0] === 'string' ? rest[0] : undefined;
    const fields: Record<string, unknown> = { context };
    if (stack) fields.stack = stack;

    if (message instanceof Error) {
      this.root[level]({ ...fields, err: message }, withoutQueryParams(message.message));
    } else if (typeof message === 'object' && message !== null) {
      const { msg, ...structured } = message as Record<string, unknown>;
      const text = typeof msg === 'string' ? withoutQueryParams(msg) : '';
      this.root[level]({ ...fields, ...structured }, text);
    } else {
      this.root[level](fields, withoutQueryParams(String(message)));
    }
  }
}
