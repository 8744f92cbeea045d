import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { Request } from 'express';
import type { Observable } from 'rxjs';

import { AppError } from './errors';

/**
 * A route that reads a body with @Body() takes JSON only: another type would reach it as no
 * body at all and answer 200 with nothing done. Routes that read the request (uploads) choose.
 */
@Injectable()
export class JsonBodyInterceptor implements NestInterceptor {
  private readonly takesBody = new Map<(...args: unknown[]) => unknown, boolean>();

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request>();
    // null: no body at all, which validation answers for itself.
    const type = request.is('application/json');
    if (type === false && this.readsBody(context)) {
      throw new AppError(
        'unsupported_media_type',
        `Send the body as application/json (it came as ${request.headers['content-type'] ?? 'no type'}).`,
      );
    }
    return next.handle();
  }

  private readsBody(context: ExecutionContext): boolean {
    const handler = context.getHandler() as (...args: unknown[]) => unknown;
    let reads = this.takesBody.get(handler);
    if (reads === undefined) {
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), handler.name) ??
        {}) as Record<string, unknown>;
      reads = Object.keys(args).some((key) => key.startsWith(`${RouteParamtypes.BODY}:`));
      this.takesBody.set(handler, reads);
    }
    return reads;
  }
}
