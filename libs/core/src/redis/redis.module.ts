import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import type { ConnectionOptions } from 'bullmq';
import Redis, { RedisOptions } from 'ioredis';

import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

/** Closes the shared Redis connection last, after queues and workers have drained. */
@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/**
 * How every Redis client connects (ioredis, BullMQ queues and workers, pub/sub, rate limits): to
 * REDIS_URL, or to the primary the Sentinels name. Through Sentinel, a client asks the Sentinels
 * again after losing its connection, so after a failover it reaches the promoted replica; and it
 * drops the connection when a node answers READONLY (a demoted primary still accepting connections).
 */
export function redisConnectionOptions(
  redis: AppConfig['redis'],
  options: { forBullmq?: boolean } = {},
): RedisOptions {
  const common: RedisOptions = {
    // BullMQ workers need blocking commands that never time out.
    maxRetriesPerRequest: options.forBullmq ? null : 3,
    enableOfflineQueue: true,
  };
  if (redis.sentinel) {
    return {
      ...common,
      sentinels: redis.sentinel.sentinels,
      name: redis.sentinel.name,
      reconnectOnError: (error) => error.message.startsWith('READONLY'),
    };
  }
  if (!redis.url) throw new Error('Redis URL was not resolved before start-up');
  const url = new URL(redis.url);
  return {
    ...common,
    host: url.hostname,
    port: Number(url.port || 6379),
    username: decodeURIComponent(url.username) || undefined,
    password: decodeURIComponent(url.password) || undefined,
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
    tls: url.protocol === 'rediss:' ? {} : undefined,
  };
}

/** The same, typed for BullMQ queues and workers (its own declaration of ioredis's options). */
export function bullmqConnectionOptions(redis: AppConfig['redis']): ConnectionOptions {
  return redisConnectionOptions(redis, { forBullmq: true }) as ConnectionOptions;
}

export function createRedisClient(config: AppConfig, options: { forBullmq?: boolean } = {}): Redis {
  return new Redis({ ...redisConnectionOptions(config.redis, options), lazyConnect: false });
}

/** One shared ioredis client for rate limits, readiness and pub/sub publishing. */
@Global()
@Module({
  providers: [
    {
      provide: REDIS_CLIENT,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => createRedisClient(config),
    },
    RedisCloser,
  ],
  exports: [REDIS_CLIENT],
})
export class RedisModule {}
