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
  const settings = {
    level: options.level,
    base: { pid: process.pid },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
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
      this.root[level]({ ...fields, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      const { msg, ...structured } = message as Record<string, unknown>;
      this.root[level]({ ...fields, ...structured }, typeof msg === 'string' ? msg : '');
    } else {
      this.root[level](fields, String(message));
    }
  }
}
