import { join } from 'node:path';

import { ApolloDriverConfig } from '@nestjs/apollo';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { FastifyReply, FastifyRequest } from 'fastify';

import { AppConfig, formatGraphqlError } from '@tocsin/core';

export const SCHEMA_FILE = join(process.cwd(), 'schema.gql');

/**
 * Apollo, hardened with graphql-armor: depth, cost, alias and directive limits (tokens: graphql-js), no field
 * suggestions (they leak the schema). Batched HTTP requests stay off (Apollo's default) and
 * CSRF prevention stays on. Introspection and the landing page are off in production.
 */
export function graphqlOptions(config: AppConfig, schemaFile: string | undefined): ApolloDriverConfig {
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
    context: (req: FastifyRequest, reply: FastifyReply) => ({ req, reply }),
  };
}
