import { join } from 'node:path';
import type { IncomingMessage } from 'node:http';

import { ApolloDriverConfig } from '@nestjs/apollo';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';

import { Actor, SubscriptionContext, TOKEN_EXPIRED_CLOSE_CODE } from '@tocsin/access';
import { AppConfig, AppException, formatGraphqlError } from '@tocsin/core';

import { oneMutationFieldRule } from './one-mutation.rule';

export const SCHEMA_FILE = join(process.cwd(), 'schema.gql');

/**
 * Apollo, hardened with graphql-armor: depth, cost, alias and directive limits (tokens: graphql-js), no field
 * suggestions (they leak the schema). Batched HTTP requests stay off (Apollo's default) and
 * CSRF prevention stays on. Introspection and the landing page are off in production.
 */
/** Authenticates a subscription from its connection parameters (browsers cannot set WebSocket headers). */
export type ConnectionAuthenticator = (
  headers: Record<string, string | undefined>,
  ip: string | undefined,
) => Promise<Actor>;

export interface SubscriptionAuth {
  authenticate: ConnectionAuthenticator;
  /** The service's clock: a socket is closed when its access token's `exp` has passed on it. */
  now: () => Date;
}

/** What graphql-ws's `ws` adapter puts in `extra`, and what onConnect adds. */
interface WsExtra {
  socket: WebSocket;
  request?: IncomingMessage;
  actor?: Actor;
  credentials?: Record<string, string | undefined>;
}

interface WsContext {
  connectionParams?: Record<string, unknown>;
  extra: WsExtra;
}

export function graphqlOptions(
  config: AppConfig,
  schemaFile: string | undefined,
  authOrAuthenticate: SubscriptionAuth | ConnectionAuthenticator,
): ApolloDriverConfig {
  const auth =
    typeof authOrAuthenticate === 'function'
      ? { authenticate: authOrAuthenticate, now: () => new Date() }
      : authOrAuthenticate;
  const sockets = new LiveSockets(auth);
  const armor = new ApolloArmor({
    maxDepth: { n: config.graphql.maxDepth, ignoreIntrospection: true, flattenFragments: true },
    costLimit: {
      maxCost: config.graphql.maxCost,
      objectCost: 2,
      scalarCost: 1,
      depthCostFactor: 1.5,
      ignoreIntrospection: true,
    },
    // Every alias counts, `__typename` ones too (armor's default lets those through unlimited).
    maxAliases: { n: config.graphql.maxAliases, allowList: [] },
    maxDirectives: { n: config.graphql.maxDirectives },
    // graphql-js enforces the token limit itself (parseOptions below); armor's version throws
    // from a plugin hook, which turns every syntax error into an HTTP 500.
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: true },
  });
  const protection = armor.protect();
  return {
    path: '/graphql',
    autoSchemaFile: schemaFile ?? true,
    sortSchema: true,
    introspection: config.graphql.introspection,
    playground: false,
    parseOptions: { maxTokens: config.graphql.maxTokens },
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    autoTransformHttpErrors: false,
    formatError: formatGraphqlError,
    plugins: [...protection.plugins],
    validationRules: [...protection.validationRules, oneMutationFieldRule],
    subscriptions: {
      'graphql-ws': {
        path: '/graphql',
        // Credentials arrive once, at connection ({ authorization: 'Bearer …' } or { 'x-api-key': … }),
        // and are checked again before every pushed event (LiveSubscription).
        onConnect: async (ctx: { connectionParams?: Record<string, unknown>; extra: unknown }) => {
          const params = ctx.connectionParams ?? {};
          const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
          const extra = ctx.extra as WsExtra;
          const credentials = {
            authorization: text(params.authorization) ?? text(params.Authorization),
            'x-api-key': text(params['x-api-key']),
          };
          try {
            extra.actor = await auth.authenticate(credentials, extra.request?.socket?.remoteAddress);
          } catch {
            return false; // graphql-ws closes the socket with 4403 Forbidden
          }
          extra.credentials = credentials;
          sockets.watch(extra, accessTokenExpiry(credentials.authorization));
          return true;
        },
      },
    },
    context: (reqOrWs: FastifyRequest | WsContext, reply?: FastifyReply) =>
      'extra' in reqOrWs && reqOrWs.extra && !('raw' in reqOrWs)
        ? subscriptionContext(reqOrWs.extra, auth, sockets)
        : { req: reqOrWs, reply },
  };
}

function subscriptionContext(
  extra: WsExtra,
  auth: SubscriptionAuth,
  sockets: LiveSockets,
): SubscriptionContext {
  const ip = extra.request?.socket?.remoteAddress;
  const req = { headers: {}, actor: extra.actor, ip };
  return {
    req,
    isSubscription: true,
    live: {
      currentActor: async () => {
        if (sockets.expired(extra)) {
          sockets.closeExpired(extra);
          throw AppException.unauthenticated('The access token has expired', { reason: 'TOKEN_EXPIRED' });
        }
        try {
          return await auth.authenticate(extra.credentials ?? {}, ip);
        } catch (error) {
          if (error instanceof AppException && error.details.reason === 'TOKEN_EXPIRED')
            sockets.closeExpired(extra);
          throw error;
        }
      },
    },
  };
}

/** The `exp` of an access token already verified by authenticate; null for API keys. */
function accessTokenExpiry(authorization: string | undefined): Date | null {
  const token = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  const payload = token?.split('.')[1];
  if (!payload) return null;
  try {
    const { exp } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof exp === 'number' ? new Date(exp * 1000) : null;
  } catch {
    return null;
  }
}

/** How often open sockets are compared with their tokens' expiry. */
const EXPIRY_SWEEP_MS = 1000;

/**
 * Open subscription sockets authenticated by an access token: each is closed with
 * TOKEN_EXPIRED_CLOSE_CODE once the token's expiry has passed on the service's clock, even when
 * no event is pushed, so no socket outlives its token. The sweep runs only while sockets are open.
 */
class LiveSockets {
  private readonly expiries = new Map<WsExtra, Date>();
  private sweeper?: NodeJS.Timeout;

  constructor(private readonly auth: SubscriptionAuth) {}

  watch(extra: WsExtra, expiresAt: Date | null): void {
    if (!expiresAt) return;
    this.expiries.set(extra, expiresAt);
    extra.socket.once('close', () => this.forget(extra));
    this.sweeper ??= setInterval(() => this.sweep(), EXPIRY_SWEEP_MS).unref();
  }

  expired(extra: WsExtra): boolean {
    const expiresAt = this.expiries.get(extra);
    return !!expiresAt && expiresAt.getTime() <= this.auth.now().getTime();
  }

  closeExpired(extra: WsExtra): void {
    this.forget(extra);
    extra.socket.close(TOKEN_EXPIRED_CLOSE_CODE, 'Access token expired');
  }

  private sweep(): void {
    for (const extra of [...this.expiries.keys()]) if (this.expired(extra)) this.closeExpired(extra);
  }

  private forget(extra: WsExtra): void {
    this.expiries.delete(extra);
    if (!this.expiries.size && this.sweeper) {
      clearInterval(this.sweeper);
      this.sweeper = undefined;
    }
  }
}
