import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';

import { Actor, RequestMeta } from './actor';

export interface AuthenticatedRequest {
  actor?: Actor;
  id?: string;
  ip?: string;
  headers: Record<string, string | string[] | undefined>;
}

export function requestOf(context: ExecutionContext): AuthenticatedRequest {
  if (context.getType<string>() === 'graphql') {
    return GqlExecutionContext.create(context).getContext<{ req: AuthenticatedRequest }>().req;
  }
  return context.switchToHttp().getRequest<AuthenticatedRequest>();
}

/** The authenticated actor of this request (the guard has already refused anonymous calls). */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const actor = requestOf(context).actor;
  if (!actor) throw new Error('CurrentActor used on an operation without authentication');
  return actor;
});

/** Request id, client IP and user agent, for the audit trail. */
export const RequestInfo = createParamDecorator((_data: unknown, context: ExecutionContext): RequestMeta => {
  const req = requestOf(context);
  const ua = req.headers['user-agent'];
  return { requestId: req.id, ip: req.ip, userAgent: typeof ua === 'string' ? ua.slice(0, 300) : undefined };
});
