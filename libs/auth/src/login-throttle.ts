import { createHash } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

import { APP_CONFIG, AppConfig, AppException, ErrorCode, REDIS_CLIENT } from '@tocsin/core';

/**
 * Failed logins per client IP, counted in Redis so every api process shares the count.
 * (Per-account failures are counted on the user row, which also drives the lockout.)
 */
const emailKey = (email: string): string => createHash('sha256').update(email).digest('hex');

@Injectable()
export class LoginThrottle {
  private readonly perIp: RateLimiterRedis;
  /**
   * Failures against emails that have no account, so they "lock" like real ones do: otherwise
   * ACCOUNT_LOCKED would tell an attacker which addresses exist. Keyed by a hash of the email.
   */
  private readonly perUnknownEmail: RateLimiterRedis;

  constructor(@Inject(REDIS_CLIENT) redis: Redis, @Inject(APP_CONFIG) config: AppConfig) {
    this.perIp = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${config.redis.prefix}:login-fail-ip`,
      points: config.auth.loginIpMaxFailures,
      duration: config.auth.loginIpWindowMinutes * 60,
      blockDuration: config.auth.loginIpWindowMinutes * 60,
    });
    this.perUnknownEmail = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${config.redis.prefix}:login-fail-unknown`,
      points: config.auth.loginMaxFailures - 1,
      duration: config.auth.loginLockMinutes * 60,
      blockDuration: config.auth.loginLockMinutes * 60,
    });
  }

  /** When an unknown email is "locked", until when (null when it is not). */
  async unknownEmailLockedUntil(email: string): Promise<Date | null> {
    const state = await this.perUnknownEmail.get(emailKey(email));
    return state && state.consumedPoints > this.perUnknownEmail.points
      ? new Date(Date.now() + state.msBeforeNext)
      : null;
  }

  /** Counts a failure for an unknown email; returns the lock's end once it "locks". */
  async recordUnknownEmailFailure(email: string): Promise<Date | null> {
    try {
      await this.perUnknownEmail.consume(emailKey(email));
      return null;
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      return new Date(Date.now() + rejection.msBeforeNext);
    }
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
