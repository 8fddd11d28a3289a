import { ErrorCode } from './error-code';

/**
 * Base of every domain exception. Services throw these; one formatter turns them into GraphQL
 * errors (and the REST filter into JSON), so resolvers never translate errors themselves.
 * `details` is sent to clients: never put secrets or SQL in it.
 */
export class AppException extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }

  static notFound(entity: string, id?: string): AppException {
    return new AppException(ErrorCode.NOT_FOUND, `${entity} not found`, id ? { entity, id } : { entity });
  }

  static forbidden(message = 'You are not allowed to do this'): AppException {
    return new AppException(ErrorCode.FORBIDDEN, message);
  }

  static unauthenticated(
    message = 'Authentication required',
    details: Record<string, unknown> = {},
  ): AppException {
    return new AppException(ErrorCode.UNAUTHENTICATED, message, details);
  }

  static badInput(message: string, details: Record<string, unknown> = {}): AppException {
    return new AppException(ErrorCode.BAD_USER_INPUT, message, details);
  }

  static conflict(message: string, details: Record<string, unknown> = {}): AppException {
    return new AppException(ErrorCode.CONFLICT, message, details);
  }
}
