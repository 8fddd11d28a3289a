import { Client } from 'pg';

import { AppConfig } from '../config/app-config';
import { startEmbeddedPostgres } from './embedded-postgres';
import { assertRedisReachable, assertSentinelReachable, resolveLocalRedis } from './local-redis';

export class DatabaseUnavailableError extends Error {}

export interface Infrastructure {
  databaseUrl: string;
  /** Unset when the primary is found through Redis Sentinel (config.redis.sentinel). */
  redisUrl?: string;
  stop: () => Promise<void>;
}

async function assertDatabaseReachable(url: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    const where = new URL(url);
    throw new DatabaseUnavailableError(
      `DATABASE_URL: cannot connect to PostgreSQL at ${where.hostname}:${where.port || 5432} (${(error as Error).message})`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Finds (or starts) PostgreSQL and Redis as the README's defaults say, and fails with one clear
 * line when a configured one does not answer.
 */
export async function resolveInfrastructure(
  config: AppConfig,
  log: (line: string) => void,
): Promise<Infrastructure> {
  let stop = async (): Promise<void> => undefined;
  let databaseUrl = config.database.url;
  if (!databaseUrl) {
    const embedded = await startEmbeddedPostgres(config.dataDir, log);
    databaseUrl = embedded.url;
    stop = embedded.stop;
  }
  await assertDatabaseReachable(databaseUrl);
  let redisUrl = config.redis.url;
  if (config.redis.sentinel) {
    await assertSentinelReachable(config.redis.sentinel.sentinels);
  } else if (redisUrl) {
    await assertRedisReachable(redisUrl);
  } else {
    redisUrl = await resolveLocalRedis(config.dataDir, log);
  }
  return { databaseUrl, redisUrl, stop };
}

/** PostgreSQL only (migrations need nothing else): DATABASE_URL, or the embedded one. */
export async function resolveDatabase(
  config: AppConfig,
  log: (line: string) => void,
): Promise<{ databaseUrl: string; stop: () => Promise<void> }> {
  let stop = async (): Promise<void> => undefined;
  let databaseUrl = config.database.url;
  if (!databaseUrl) {
    const embedded = await startEmbeddedPostgres(config.dataDir, log);
    databaseUrl = embedded.url;
    stop = embedded.stop;
  }
  await assertDatabaseReachable(databaseUrl);
  return { databaseUrl, stop };
}

/** The same config with the resolved URLs filled in. */
export function withInfrastructure(
  config: AppConfig,
  infra: Pick<Infrastructure, 'databaseUrl' | 'redisUrl'>,
): AppConfig {
  return {
    ...config,
    database: { ...config.database, url: infra.databaseUrl },
    redis: { ...config.redis, url: infra.redisUrl },
  };
}
