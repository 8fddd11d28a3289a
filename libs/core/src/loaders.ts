import DataLoader from 'dataloader';

const LOADERS = Symbol('tocsin.loaders');

interface LoaderHost {
  [LOADERS]?: Map<string, DataLoader<string, unknown>>;
  /** Subscription contexts live for a whole connection: their loaders must not cache. */
  isSubscription?: boolean;
}

/**
 * A per-request DataLoader, created on first use and kept on the GraphQL context, so resolvers
 * batch their look-ups (N incidents → one agency query) without request-scoped providers.
 * `batch` returns the rows it found; missing or invisible keys resolve to null.
 */
export function loaderFor<V extends { id: string }>(
  context: object,
  name: string,
  batch: (ids: readonly string[]) => Promise<V[]>,
): DataLoader<string, V | null> {
  const host = context as LoaderHost;
  host[LOADERS] ??= new Map();
  let loader = host[LOADERS].get(name) as DataLoader<string, V | null> | undefined;
  if (!loader) {
    loader = new DataLoader<string, V | null>(
      async (ids) => {
        const rows = await batch(ids);
        const byId = new Map(rows.map((r) => [r.id, r]));
        return ids.map((id) => byId.get(id) ?? null);
      },
      { cache: !host.isSubscription, maxBatchSize: 500 },
    );
    host[LOADERS].set(name, loader);
  }
  return loader;
}

/** Like loaderFor, for one-to-many look-ups: every row whose `keyOf` is the key (e.g. comments of an incident). */
export function groupLoaderFor<V>(
  context: object,
  name: string,
  batch: (keys: readonly string[]) => Promise<V[]>,
  keyOf: (row: V) => string,
): DataLoader<string, V[]> {
  const host = context as LoaderHost;
  host[LOADERS] ??= new Map();
  let loader = host[LOADERS].get(name) as DataLoader<string, V[]> | undefined;
  if (!loader) {
    loader = new DataLoader<string, V[]>(
      async (keys) => {
        const rows = await batch(keys);
        const groups = new Map<string, V[]>(keys.map((k) => [k, []]));
        for (const row of rows) groups.get(keyOf(row))?.push(row);
        return keys.map((k) => groups.get(k) ?? []);
      },
      { cache: !host.isSubscription, maxBatchSize: 500 },
    );
    host[LOADERS].set(name, loader);
  }
  return loader;
}

/**
 * Drops the loaders of a context. A subscription's context outlives one event and its loaders'
 * batch functions captured the actor of the event they were made for: each event starts afresh.
 */
export function resetLoaders(context: object): void {
  delete (context as LoaderHost)[LOADERS];
}
