import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

import { Actor, requestOf } from '@tocsin/access';
import { AppException, ErrorCode, IS_PUBLIC } from '@tocsin/core';

import { ALLOW_DURING_ENROLMENT } from './allow-during-enrolment.decorator';
import { API_KEY_PREFIX, ApiKeysService } from './api-keys/api-keys.service';
import { AuthService } from './auth.service';

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Requests made with an enrol-only session (see AllowDuringEnrolment). */
const enrolmentOnlyRequests = new WeakSet<object>();

const enrolmentRequired = (): AppException =>
  new AppException(ErrorCode.FORBIDDEN, 'Set up two-step sign-in before anything else', {
    reason: 'SECOND_FACTOR_ENROLMENT_REQUIRED',
  });

/**
 * The global guard: every GraphQL operation and HTTP route needs a valid access token or API
 * key unless it is marked @Public(). Registered as APP_GUARD, so forgetting it is impossible.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const allowed =
      this.reflector.get<boolean | undefined>(ALLOW_DURING_ENROLMENT, context.getHandler()) ?? false;
    const req = requestOf(context);
    if (req.actor) {
      // Already established for this request (another field of it, or a subscription).
      if (enrolmentOnlyRequests.has(req) && !allowed) throw enrolmentRequired();
      return true;
    }
    const actor = await this.authenticate(req.headers, req.ip, { enrolmentOnly: true });
    if (this.auth.wasEnrolmentOnly(actor)) {
      enrolmentOnlyRequests.add(req);
      if (!allowed) throw enrolmentRequired();
    }
    req.actor = actor;
    return true;
  }

  /** Also used for subscriptions, where credentials arrive in the connection parameters. */
  async authenticate(
    headers: Record<string, string | string[] | undefined>,
    ip?: string,
    options: { enrolmentOnly?: boolean } = {},
  ): Promise<Actor> {
    const apiKey = header(headers, 'x-api-key');
    const authorization = header(headers, 'authorization');
    const bearer = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (apiKey) return this.apiKeys.authenticate(apiKey, ip);
    if (bearer?.startsWith(API_KEY_PREFIX)) return this.apiKeys.authenticate(bearer, ip);
    if (bearer) return this.auth.authenticateAccessToken(bearer, options);
    throw AppException.unauthenticated('Sign in first: no access token or API key was sent', {
      reason: 'NO_CREDENTIALS',
    });
  }
}
