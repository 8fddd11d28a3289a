import { join } from 'node:path';

import { ApolloDriverConfig } from '@nestjs/apollo';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { FastifyReply, FastifyRequest } from 'fastify';

import type { Actor } from '@tocsin/access';
import { AppConfig, formatGraphqlError } from '@tocsin/core';

export const SCHEMA_FILE = join(process.cwd(), 'schema.gql');

/**
 * Apollo, hardened with graphql-armor: depth, cost, alias and directive limits (tokens: graphql-js), no field
 * suggestions (they leak the schema). Batched HTTP requests stay off (Apollo's default) and
 * CSRF prevention stays on. Introspection and the landing page are off in production.
 */
/** Authenticates a subscription from its connection parameters (browsers cannot set WebSocket headers). */
export type ConnectionAuthenticator = (headers: Record<string, string | undefined>) => Promise<Actor>;

interface WsContext {
  connectionParams?: Record<string, unknown>;
  extra: { actor?: Actor };
}

export function graphqlOptions(
  config: AppConfig,
  schemaFile: string | undefined,
  authenticate: ConnectionAuthenticator,
): ApolloDriverConfig {
  const armor = new ApolloArmor({
    maxDepth: { n: config.graphql.maxDepth, ignoreIntrospection: true, flattenFragments: true },
    costLimit: {
      maxCost: config.graphql.maxCost,
      objectCost: 2,
      scalarCost: 1,
      depthCostFactor: 1.5,
      ignoreIntrospection: true,
    },
    maxAliases: { n: config.graphql.maxAliases },
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
    validationRules: [...protection.validationRules],
    subscriptions: {
      'graphql-ws': {
        path: '/graphql',
        // Authenticated once, at connection: { authorization: 'Bearer …' } or { 'x-api-key': … }.
        onConnect: async (ctx: { connectionParams?: Record<string, unknown>; extra: unknown }) => {
          const params = ctx.connectionParams ?? {};
          const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
          try {
            (ctx.extra as WsContext['extra']).actor = await authenticate({
              authorization: text(params.authorization) ?? text(params.Authorization),
              'x-api-key': text(params['x-api-key']),
            });
            return true;
          } catch {
            return false; // graphql-ws closes the socket with 4403 Forbidden
          }
        },
      },
    },
    context: (reqOrWs: FastifyRequest | WsContext, reply?: FastifyReply) =>
      'extra' in reqOrWs && reqOrWs.extra && !('raw' in reqOrWs)
        ? { req: { headers: {}, actor: reqOrWs.extra.actor }, isSubscription: true }
        : { req: reqOrWs, reply },
  };
}
