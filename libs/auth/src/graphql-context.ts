import type { FastifyReply, FastifyRequest } from 'fastify';

import type { Actor } from '@tocsin/access';

/** What every GraphQL resolver gets as its context (built in the api's GraphQL module). */
export interface GraphqlContext {
  req: FastifyRequest & { actor?: Actor };
  reply?: FastifyReply;
}

export const REFRESH_COOKIE = 'tocsin_refresh';
export const REFRESH_COOKIE_PATH = '/graphql';
