import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsObject, ValidateIf, ValidateNested } from 'class-validator';

/**
 * An optional body field holding one object checked by `type`'s rules; null and arrays are
 * refused with `message`. ValidateNested alone takes an array (it checks each item instead)
 * and IsOptional lets null through, so either would reach the database as it came.
 */
export function NestedObject(type: () => new () => object, message: string): PropertyDecorator {
  // The nested check is reported last, so its message is the one shown for null or a string.
  return applyDecorators(
    ValidateIf((_object, value) => value !== undefined),
    IsObject({ message }),
    ValidateNested({ message }),
    Type(type),
  );
}
