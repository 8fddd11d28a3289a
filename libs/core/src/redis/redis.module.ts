import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';

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

export function createRedisClient(config: AppConfig, options: { forBullmq?: boolean } = {}): Redis {
  if (!config.redis.url) throw new Error('Redis URL was not resolved before start-up');
  return new Redis(config.redis.url, {
    lazyConnect: false,
    // BullMQ workers need blocking commands that never time out.
    maxRetriesPerRequest: options.forBullmq ? null : 3,
    enableOfflineQueue: true,
  });
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
