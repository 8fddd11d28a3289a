import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { Observable } from 'rxjs';

import { AppException } from './errors/app.exception';

/**
 * Control characters other than tab and newline: C0 (NUL above all: PostgreSQL cannot store it
 * in text), DEL and C1. A carriage return is allowed only as part of CRLF, which becomes LF.
 */
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

/** Strings kept exactly as sent: a password may begin or end with a space. */
const VERBATIM_KEYS = /password/i;

/** How deep an argument value is followed (GraphQL's own depth limit keeps documents shallower). */
const MAX_NESTING = 20;

/**
 * The one rule for text arriving as a GraphQL argument, applied to every operation before its
 * pipes and resolver run: CRLF becomes LF, any other control character is refused with
 * BAD_USER_INPUT naming the field (`input.title`, `body`), and every string is trimmed (except
 * passwords), so "   " meets a `@MinLength(1)` bound as "" and is refused everywhere alike.
 * Returns the cleaned value; objects and arrays are cleaned in place.
 */
export function cleanTextInput(value: unknown, path: string, depth = 0): unknown {
  if (typeof value === 'string') {
    const text = value.replace(/\r\n/g, '\n');
    const bad = FORBIDDEN_CONTROL.exec(text);
    if (bad) {
      const code = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
      throw AppException.badInput(
        `${path} contains a control character (U+${code}); only tab and newline are allowed`,
        {
          field: path,
        },
      );
    }
    return VERBATIM_KEYS.test(path.split('.').at(-1) ?? '') ? text : text.trim();
  }
  if (value === null || typeof value !== 'object' || depth > MAX_NESTING) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = cleanTextInput(value[i], `${path}.${i}`, depth + 1);
    return value;
  }
  if (value instanceof Date) return value;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    record[key] = cleanTextInput(record[key], path ? `${path}.${key}` : key, depth + 1);
  }
  return record;
}

/** Applies cleanTextInput to the arguments of every GraphQL operation (registered globally in the api). */
@Injectable()
export class TextInputInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType<string>() === 'graphql') {
      cleanTextInput(GqlExecutionContext.create(context).getArgs(), '');
    }
    return next.handle();
  }
}
