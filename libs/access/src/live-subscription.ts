import { resetLoaders } from '@tocsin/core';

import { Actor } from './actor';
import { AuthenticatedRequest } from './decorators';

/**
 * What a subscription's GraphQL context carries besides `req`: the connection's credentials,
 * re-checked on demand. A subscription lives for as long as its socket; the actor it was opened
 * with (role, agency, session) may be stale a minute later, so every pushed event asks again.
 */
export interface LiveSubscription {
  /**
   * The actor as the credentials say now, authenticated exactly as an HTTP request is (token
   * signature and expiry, session, role, agency, active). Throws UNAUTHENTICATED when they no
   * longer hold; an expired access token also closes the socket with TOKEN_EXPIRED_CLOSE_CODE.
   */
  currentActor(): Promise<Actor>;
}

/** The context of a subscription operation (apps/api/src/graphql.options.ts builds it). */
export interface SubscriptionContext {
  req: AuthenticatedRequest;
  isSubscription: true;
  live: LiveSubscription;
}

/**
 * graphql-ws close code for "your access token expired": not one of the codes graphql-ws
 * clients treat as fatal, so they reconnect, and a client whose connectionParams is a function
 * (the web UI's) sends a fresh token. 4419 echoes HTTP 419 "authentication timeout".
 */
export const TOKEN_EXPIRED_CLOSE_CODE = 4419;

export function isSubscriptionContext(context: unknown): context is SubscriptionContext {
  return (
    typeof context === 'object' &&
    context !== null &&
    (context as Partial<SubscriptionContext>).isSubscription === true &&
    typeof (context as Partial<SubscriptionContext>).live?.currentActor === 'function'
  );
}

/**
 * Re-authenticates a subscription before it pushes an event and makes the fresh actor the one
 * every resolver of that event sees: `@CurrentActor()` reads `req.actor`, and the context's
 * DataLoaders (whose batch functions captured the previous actor) are dropped.
 * Throws like `LiveSubscription.currentActor` when the credentials no longer hold.
 */
export async function actorForNextEvent(context: SubscriptionContext): Promise<Actor> {
  const actor = await context.live.currentActor();
  context.req.actor = actor;
  resetLoaders(context);
  return actor;
}
