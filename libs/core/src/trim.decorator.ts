import { Transform } from 'class-transformer';

/** Trims a string input before validation, so "   " fails @MinLength(1) instead of being stored as "". */
export const Trim = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));
