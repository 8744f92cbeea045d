import {
  ArgumentsHost,
  BadRequestException,
  Catch,
  ExceptionFilter,
  HttpException,
  Logger,
} from '@nestjs/common';
import type { Response } from 'express';

import { AppError, ErrorBody } from './errors';

const CODE_BY_STATUS: Record<number, string> = {
  400: 'validation_failed',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  429: 'too_many_requests',
  503: 'service_unavailable',
};

/** Maps every error to `{code, message, details?}`; infrastructure outages become 503. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(ErrorFilter.name);

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const [status, body] = this.describe(error);
    if (status >= 500 && status !== 503) {
      this.logger.error({ msg: 'request failed', err: error });
    }
    if (!response.headersSent) response.status(status).json(body);
  }

  private describe(error: unknown): [number, ErrorBody] {
    // First: an AppError has a 4xx `status` too and would pass for a body-parser error.
    if (error instanceof AppError) {
      return [error.status, { code: error.code, message: error.message, details: error.details }];
    }
    // Nest wraps body-parser's errors (bad JSON, too large) in HttpExceptions; read the cause.
    const clientError = bodyParserError(error instanceof HttpException ? error.cause : error);
    if (clientError) return clientError;
    if (error instanceof BadRequestException) {
      const payload = error.getResponse() as { message?: unknown; details?: unknown };
      if (Array.isArray(payload.message)) {
        return [
          400,
          {
            code: 'validation_failed',
            message: payload.message.join('; '),
            details: payload.message,
          },
        ];
      }
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const payload = error.getResponse();
      const detail =
        typeof payload === 'string' ? payload : (payload as { message?: unknown }).message;
      const message = typeof detail === 'string' ? detail : error.message;
      return [status, { code: CODE_BY_STATUS[status] ?? 'error', message }];
    }
    if (isOutage(error)) {
      return [
        503,
        {
          code: 'service_unavailable',
          message: 'The database or Redis is not reachable right now; try again shortly.',
        },
      ];
    }
    return [500, { code: 'internal_error', message: 'Something went wrong on the server.' }];
  }
}

/** Express body parsing reports bad JSON or an oversized body as errors with a 4xx status. */
function bodyParserError(error: unknown): [number, ErrorBody] | null {
  if (typeof error !== 'object' || error === null) return null;
  const { status, type, message, limit, body } = error as {
    status?: unknown;
    type?: unknown;
    message?: unknown;
    limit?: unknown;
    body?: unknown;
  };
  if (typeof status !== 'number' || status < 400 || status >= 500) return null;
  if (type === 'entity.too.large') {
    const most = typeof limit === 'number' ? ` (at most ${limit} bytes)` : '';
    return [413, { code: 'payload_too_large', message: `The body is too large${most}.` }];
  }
  if (type === 'entity.parse.failed') {
    if (isJsonScalar(body)) {
      const message = 'The body must be a JSON object, such as {"name": "..."}.';
      return [400, { code: 'validation_failed', message }];
    }
    return [
      400,
      { code: 'validation_failed', message: `The body is not valid JSON: ${String(message)}` },
    ];
  }
  return [status, { code: CODE_BY_STATUS[status] ?? 'bad_request', message: String(message) }];
}

const OUTAGE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  '57P01', // postgres: admin shutdown
  '57P03', // postgres: cannot connect now
  '08006', // postgres: connection failure
  '08001',
]);

/** True for errors that mean a dependency is down rather than a bug. */
export function isOutage(error: unknown): boolean {
  for (let current = error; current; current = (current as { cause?: unknown }).cause) {
    if (typeof current !== 'object') return false;
    const { code, message, name } = current as {
      code?: unknown;
      message?: unknown;
      name?: unknown;
    };
    if (typeof code === 'string' && OUTAGE_CODES.has(code)) return true;
    const text = typeof message === 'string' ? message : '';
    if (
      /Connection is closed|Stream isn't writeable|Command timed out|timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED|enableOfflineQueue/i.test(
        text,
      )
    ) {
      return true;
    }
    if (name === 'MaxRetriesPerRequestError') return true;
  }
  return false;
}

// The JSON parser takes objects and arrays only; `null`, `1` or `"x"` are JSON all the same.
function isJsonScalar(body: unknown): boolean {
  if (typeof body !== 'string') return false;
  try {
    const value: unknown = JSON.parse(body);
    return typeof value !== 'object' || value === null;
  } catch {
    return false;
  }
}
