import { HttpException, Logger } from '@nestjs/common';
import { GraphQLError, GraphQLFormattedError } from 'graphql';

import { AppException } from './app.exception';
import { ErrorCode } from './error-code';

const logger = new Logger('GraphQLErrors');

/** Apollo's own codes for requests that never reached a resolver, mapped to ours. */
const APOLLO_CODES: Record<string, ErrorCode> = {
  GRAPHQL_PARSE_FAILED: ErrorCode.BAD_USER_INPUT,
  GRAPHQL_VALIDATION_FAILED: ErrorCode.BAD_USER_INPUT,
  BAD_USER_INPUT: ErrorCode.BAD_USER_INPUT,
  BAD_REQUEST: ErrorCode.BAD_USER_INPUT,
  PERSISTED_QUERY_NOT_SUPPORTED: ErrorCode.BAD_USER_INPUT,
  OPERATION_RESOLUTION_FAILURE: ErrorCode.BAD_USER_INPUT,
  UNAUTHENTICATED: ErrorCode.UNAUTHENTICATED,
  FORBIDDEN: ErrorCode.FORBIDDEN,
};

const HTTP_STATUS_CODES: Record<number, ErrorCode> = {
  400: ErrorCode.BAD_USER_INPUT,
  401: ErrorCode.UNAUTHENTICATED,
  403: ErrorCode.FORBIDDEN,
  404: ErrorCode.NOT_FOUND,
  409: ErrorCode.CONFLICT,
  413: ErrorCode.BAD_USER_INPUT,
  429: ErrorCode.RATE_LIMITED,
};

function validationMessages(exception: HttpException): string[] | undefined {
  const response = exception.getResponse();
  if (
    typeof response === 'object' &&
    response &&
    Array.isArray((response as { message?: unknown }).message)
  ) {
    return (response as { message: string[] }).message;
  }
  return undefined;
}

/** graphql-armor words its refusals as syntax errors; name the limit instead. */
function limitReason(message: string): string | undefined {
  if (/depth limit/i.test(message)) return 'DEPTH_LIMIT';
  if (/cost limit|query cost/i.test(message)) return 'COST_LIMIT';
  if (/aliases limit|alias/i.test(message)) return 'ALIAS_LIMIT';
  if (/directives limit|directive/i.test(message)) return 'DIRECTIVE_LIMIT';
  if (/^One mutation per request/.test(message)) return 'MUTATION_LIMIT';
  if (/more tha[nt] \d+ tokens|token limit/i.test(message)) return 'TOKEN_LIMIT'; // graphql-js writes "more that"
  return undefined;
}

/**
 * The one place where errors become what clients see: our codes, a human message, and never a
 * stack trace, SQL text or driver message. Unknown errors are logged in full and answered with
 * a generic INTERNAL_SERVER_ERROR.
 */
export function formatGraphqlError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? (error.originalError ?? undefined) : (error as Error);
  // "Did you mean …?" hints would reveal parts of the schema to a caller who may not see them.
  const message = formatted.message.replace(/ ?Did you mean [^?]*\?/g, '');
  const base = { message, locations: formatted.locations, path: formatted.path };

  if (original instanceof AppException) {
    return { ...base, message: original.message, extensions: { code: original.code, ...original.details } };
  }
  if (original instanceof HttpException) {
    const status = original.getStatus();
    const messages = validationMessages(original);
    return {
      ...base,
      message: messages ? `Invalid input: ${messages.join('; ')}` : original.message,
      extensions: {
        code: HTTP_STATUS_CODES[status] ?? ErrorCode.BAD_USER_INPUT,
        ...(messages ? { validationErrors: messages } : {}),
      },
    };
  }
  const rawCode = formatted.extensions?.code;
  const apolloCode = typeof rawCode === 'string' ? rawCode : '';
  if (!original || original instanceof GraphQLError) {
    const code = APOLLO_CODES[apolloCode];
    if (code) {
      const reason =
        limitReason(message) ?? (message.startsWith('Syntax Error') ? 'GRAPHQL_PARSE_FAILED' : apolloCode);
      return { ...base, extensions: { code, reason } };
    }
  }
  // A resolver threw something we did not expect (database driver, bug): hide it.
  logger.error({ err: original ?? error, path: formatted.path }, 'Unhandled error in GraphQL operation');
  return { ...base, message: 'Internal server error', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
}
