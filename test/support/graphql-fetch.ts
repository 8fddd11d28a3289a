import { NestFastifyApplication } from '@nestjs/platform-fastify';

import { TestApi } from './test-app';

export type FetchedGraphql = { data?: Record<string, Record<string, unknown>>; errors?: unknown[] };

/**
 * GraphQL over real HTTP against an api the test built itself (one on a database TestApi did not
 * make: a restored or freshly created installation), optionally with a bearer token.
 */
export function graphqlFetcher(app: NestFastifyApplication) {
  return async (
    query: string,
    variables: Record<string, unknown> = {},
    token?: string,
  ): Promise<FetchedGraphql> => {
    const res = await fetch(`${TestApi.urlOf(app)}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as FetchedGraphql;
  };
}
