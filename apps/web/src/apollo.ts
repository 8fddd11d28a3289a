import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { createClient } from 'graphql-ws';
import { from, mergeMap, Observable } from 'rxjs';

import { accessToken, clearSession, expireAccessToken, refreshAccessToken } from './session';

/**
 * The api closes a subscription socket with this code when its access token expires
 * (TOKEN_EXPIRED_CLOSE_CODE in libs/access): graphql-ws reconnects, and connectionParams below
 * brings a fresh token, so live updates continue without the user noticing.
 */
const TOKEN_EXPIRED_CLOSE_CODE = 4419;

/** Adds the bearer token; on an expired token, refreshes once and retries the operation. */
const authLink = new ApolloLink((operation, forward) =>
  from(accessToken()).pipe(
    mergeMap((token) => {
      const withToken = (t: string | null) => {
        operation.setContext(({ headers = {} }: { headers?: Record<string, string> }) => ({
          headers: t ? { ...headers, authorization: `Bearer ${t}` } : headers,
        }));
        return forward(operation);
      };
      return new Observable<ApolloLink.Result>((observer) => {
        let retried = false;
        let sub = withToken(token).subscribe({
          next(result) {
            const error = result.errors?.[0];
            const reason = error?.extensions?.reason;
            if (!retried && error?.extensions?.code === 'UNAUTHENTICATED' && reason === 'TOKEN_EXPIRED') {
              retried = true;
              sub.unsubscribe();
              void refreshAccessToken().then((fresh) => {
                if (!fresh) {
                  observer.next(result);
                  observer.complete();
                  return;
                }
                sub = withToken(fresh).subscribe(observer);
              });
              return;
            }
            if (error?.extensions?.code === 'UNAUTHENTICATED' && reason === 'SESSION_ENDED') clearSession();
            observer.next(result);
          },
          error: (e: unknown) => observer.error(e),
          complete: () => {
            if (!retried) observer.complete();
          },
        });
        return () => sub.unsubscribe();
      });
    }),
  ),
);

export function createApolloClient(): ApolloClient {
  const http = new HttpLink({ uri: '/graphql', credentials: 'same-origin' });
  const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
  const ws = new GraphQLWsLink(
    createClient({
      url: wsUrl,
      lazy: true,
      // Re-read at every (re)connection, so a refreshed token is used after a drop or an expiry.
      connectionParams: async () => {
        const token = await accessToken();
        return token ? { authorization: `Bearer ${token}` } : {};
      },
      retryAttempts: Infinity,
      shouldRetry: () => true,
      on: {
        closed: (event) => {
          if ((event as { code?: number }).code === TOKEN_EXPIRED_CLOSE_CODE) expireAccessToken();
        },
      },
      keepAlive: 20_000,
    }),
  );
  const link = ApolloLink.split(
    ({ query }) => {
      const def = getMainDefinition(query);
      return def.kind === 'OperationDefinition' && def.operation === 'subscription';
    },
    ws,
    authLink.concat(http),
  );
  return new ApolloClient({
    link,
    cache: new InMemoryCache({
      typePolicies: {
        Incident: {
          fields: {
            timeline: { merge: false },
            comments: { merge: false },
            tasks: { merge: false },
            observables: { merge: false },
          },
        },
      },
    }),
    defaultOptions: { watchQuery: { fetchPolicy: 'cache-and-network' } },
  });
}
