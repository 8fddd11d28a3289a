import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

import { APP_CONFIG, AppConfig, AppException, ErrorCode, REDIS_CLIENT } from '@tocsin/core';

/**
 * Failed logins per client IP, counted in Redis so every api process shares the count.
 * (Per-account failures are counted on the user row, which also drives the lockout.)
 */
@Injectable()
export class LoginThrottle {
  private readonly perIp: RateLimiterRedis;

  constructor(@Inject(REDIS_CLIENT) redis: Redis, @Inject(APP_CONFIG) config: AppConfig) {
    this.perIp = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${config.redis.prefix}:login-fail-ip`,
      points: config.auth.loginIpMaxFailures,
      duration: config.auth.loginIpWindowMinutes * 60,
      blockDuration: config.auth.loginIpWindowMinutes * 60,
    });
  }

  /** Refuses before any password check when this IP has failed too often. */
  async assertAllowed(ip: string): Promise<void> {
    const state = await this.perIp.get(ip);
    if (state && state.consumedPoints >= this.perIp.points) {
      throw this.limited(state);
    }
  }

  async recordFailure(ip: string): Promise<void> {
    try {
      await this.perIp.consume(ip);
    } catch (rejection) {
      // Rejection with the limiter's state means "now over the limit": the next attempt is refused.
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
    }
  }

  private limited(state: RateLimiterRes): AppException {
    const retryAfterSeconds = Math.max(1, Math.ceil(state.msBeforeNext / 1000));
    return new AppException(
      ErrorCode.RATE_LIMITED,
      'Too many failed sign-in attempts from this address; try again later',
      {
        retryAfterSeconds,
      },
    );
  }
}
