import { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestContext {
  requestId: string;
}

/**
 * The request being served, for every log line written while serving it. Set by a Fastify
 * onRequest hook, so it covers routes Nest middleware never sees (Apollo registers /graphql on
 * Fastify directly).
 */
export const requestContext = new AsyncLocalStorage<RequestContext>();
