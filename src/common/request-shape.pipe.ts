import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';

import { ValidationError } from './errors';

/** Deeper JSON than any route takes; class-transformer recurses and would overflow the stack. */
export const MAX_BODY_DEPTH = 32;

/**
 * Runs before validation on every body, query and route parameter: refuses values nested
 * deeper than MAX_BODY_DEPTH, strings holding NUL, which Postgres text cannot store, and
 * fields named like a member every object inherits (`constructor`, `__proto__`, `toString`):
 * class-transformer drops those silently, so the whitelist would never refuse them.
 */
@Injectable()
export class RequestShapePipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    if (metadata.type === 'body' && Array.isArray(value) && isDtoClass(metadata.metatype)) {
      throw new ValidationError('The body must be a JSON object, not an array');
    }
    const root = metadata.type === 'body' ? '' : (metadata.data ?? '');
    checkShape(value, root, ROOT_NAMES[metadata.type]);
    return value;
  }
}

// A body typed with a class of fields is one object; Array and the primitives are not such classes.
const PLAIN_TYPES: unknown[] = [Array, Object, String, Number, Boolean];

function isDtoClass(metatype: ArgumentMetadata['metatype']): boolean {
  return typeof metatype === 'function' && !PLAIN_TYPES.includes(metatype);
}

const ROOT_NAMES = { body: 'the body', query: 'the query', param: 'the path' } as const;

/** Walks without recursion, so a hostile depth costs a 400 and not the stack. */
function checkShape(value: unknown, root: string, rootName: string): void {
  const stack: { value: unknown; path: string; depth: number }[] = [
    { value, path: root, depth: 0 },
  ];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (typeof current.value === 'string') {
      if (current.value.includes('\u0000')) {
        throw new ValidationError(`${current.path || rootName} must not contain a NUL character`);
      }
      continue;
    }
    if (typeof current.value !== 'object' || current.value === null) continue;
    if (current.depth >= MAX_BODY_DEPTH) {
      throw new ValidationError(`${rootName} nests too deep (at most ${MAX_BODY_DEPTH} levels)`);
    }
    for (const [key, child] of Object.entries(current.value)) {
      if (key.includes('\u0000')) {
        throw new ValidationError(
          `${current.path || rootName} has a field name with a NUL character`,
        );
      }
      const path = current.path ? `${current.path}.${key}` : key;
      if (key in Object.prototype) {
        throw new ValidationError(`${path}: property ${key} should not exist`, { field: path });
      }
      stack.push({ value: child, path, depth: current.depth + 1 });
    }
  }
}
