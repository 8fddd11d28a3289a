import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { GqlContextType } from '@nestjs/graphql';
import type { FastifyReply } from 'fastify';

import { AppException, ErrorCode } from '@tocsin/core';

const STATUS: Record<ErrorCode, number> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.INVALID_TRANSITION]: 409,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.RATE_LIMITED]: 429,
  [ErrorCode.INTERNAL_SERVER_ERROR]: 500,
};

/**
 * REST routes (webhooks, health) answer errors in the same shape as GraphQL errors. GraphQL
 * errors pass through untouched to the GraphQL formatter.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrors');

  catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType<GqlContextType>() === 'graphql') return exception;
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (exception instanceof AppException) {
      return reply.status(STATUS[exception.code]).send({
        errors: [{ message: exception.message, extensions: { code: exception.code, ...exception.details } }],
      });
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      // Terminus answers /readyz failures with a 503 HttpException whose body is the report.
      const body = exception.getResponse();
      if (status === 503 && typeof body === 'object') return reply.status(503).send(body);
      if (status === 413) {
        return reply.status(413).send({
          errors: [
            {
              message: 'Request body too large',
              extensions: { code: ErrorCode.BAD_USER_INPUT, reason: 'BODY_TOO_LARGE' },
            },
          ],
        });
      }
      const code =
        status === 404
          ? ErrorCode.NOT_FOUND
          : status === 401
            ? ErrorCode.UNAUTHENTICATED
            : status === 403
              ? ErrorCode.FORBIDDEN
              : ErrorCode.BAD_USER_INPUT;
      return reply.status(status).send({ errors: [{ message: exception.message, extensions: { code } }] });
    }
    // Errors raised by Fastify and its plugins before a handler runs (bad JSON, rate limit).
    if (
      typeof exception === 'object' &&
      exception &&
      typeof (exception as { statusCode?: unknown }).statusCode === 'number'
    ) {
      const { statusCode, errors, message, code } = exception as {
        statusCode: number;
        errors?: unknown;
        message?: string;
        code?: string;
      };
      if (errors) return reply.status(statusCode).send({ errors });
      if (statusCode < 500) {
        return reply.status(statusCode).send({
          errors: [
            {
              message: message ?? 'Bad request',
              extensions: { code: ErrorCode.BAD_USER_INPUT, reason: code },
            },
          ],
        });
      }
    }
    this.logger.error(exception);
    return reply.status(500).send({
      errors: [{ message: 'Internal server error', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }],
    });
  }
}
