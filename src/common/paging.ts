import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** The last page a list serves: (page - 1) * limit stays far below 2^53 for any limit. */
export const MAX_PAGE = 1_000_000;

/**
 * A whole number from the query string, written in digits only: "1e3", "0x10", " 5" or a
 * repeated parameter stay as sent, so that IsInt names them.
 */
function digitsToNumber({ value }: { value: unknown }): unknown {
  return typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
}

/** An optional query parameter holding a whole number from `min` to `max`. */
export function QueryInteger(min: number, max: number): PropertyDecorator {
  // In the order decorators written above a property apply: the type check is reported first.
  return applyDecorators(
    Max(max),
    Min(min),
    IsInt({ message: '$property must be an integer' }),
    Transform(digitsToNumber),
    IsOptional(),
  );
}

/** `page` of a paged list: 1 to MAX_PAGE. */
export const PageNumber = () => QueryInteger(1, MAX_PAGE);

/** One page of a list, as every paged route answers it. */
export interface Page<T> {
  items: T[];
  page: number;
  limit: number;
  total: number;
}
