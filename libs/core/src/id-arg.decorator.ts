import { ParseUUIDPipe } from '@nestjs/common';
import { Args, ID } from '@nestjs/graphql';

import { AppException } from './errors/app.exception';

const idError = (name: string) => () =>
  AppException.badInput(`${name} must be an id (UUID)`, { field: name });

/** An `ID!` argument that must be a UUID; anything else is BAD_USER_INPUT before any query runs. */
export const IdArg = (name = 'id'): ParameterDecorator =>
  Args(name, { type: () => ID }, new ParseUUIDPipe({ exceptionFactory: idError(name) }));
