import { Inject, Injectable, Logger } from '@nestjs/common';
import Redis from 'ioredis';

import { UserActor } from '@tocsin/access';
import { APP_CONFIG, AppConfig, Clock, REDIS_CLIENT } from '@tocsin/core';

interface Entry {
  actor: UserActor;
  /** The session's own end (expires_at): a cached session never outlives it. */
  sessionEndsAt: number;
  cachedAt: number;
  epoch: string;
}

/** A backstop for changes made outside the api (SQL by hand, a restore): they are seen within this. */
const MAX_AGE_MS = 30_000;
const MAX_ENTRIES = 10_000;

/**
 * The per-request session check, served from memory while nothing has changed.
 *
 * Every change that can end a session or change who a user is (logout, deactivation, a role or
 * agency change, a password change, refresh-token reuse) bumps one counter in Redis, the
 * revocation epoch, after its transaction commits and before it answers. Each request reads the
 * epoch (one Redis GET, far cheaper than the PostgreSQL join it replaces) and uses a cached actor
 * only if it was read from the database under the same epoch. So once a logout has answered, no
 * api process serves the old session again: "logout and deactivation take effect at once" holds
 * across processes, without waiting for a pub/sub message to arrive. The epoch is read before the
 * database, so a row read while a revocation commits is cached under the old epoch and dropped.
 * If Redis does not answer, the check goes to the database. See docs/authentication.md.
 */
@Injectable()
export class SessionCache {
  private readonly logger = new Logger(SessionCache.name);
  private readonly entries = new Map<string, Entry>();
  private readonly key: string;
  private lastEpoch: string | null = null;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.key = `${config.redis.prefix}:session-epoch`;
  }

  /** The current epoch, or null when Redis does not answer (then nothing is served from memory). */
  async epoch(): Promise<string | null> {
    try {
      const epoch = (await this.redis.get(this.key)) ?? '0';
      if (epoch !== this.lastEpoch) {
        this.entries.clear();
        this.lastEpoch = epoch;
      }
      return epoch;
    } catch {
      return null;
    }
  }

  get(sessionId: string, userId: string, epoch: string | null): UserActor | undefined {
    if (epoch === null) return undefined;
    const entry = this.entries.get(sessionId);
    if (!entry || entry.epoch !== epoch || entry.actor.id !== userId) return undefined;
    const now = this.clock.now().getTime();
    if (now >= entry.sessionEndsAt || now - entry.cachedAt > MAX_AGE_MS) {
      this.entries.delete(sessionId);
      return undefined;
    }
    return entry.actor;
  }

  set(actor: UserActor, sessionEndsAt: Date, epoch: string | null): void {
    if (epoch === null) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(actor.sessionId, {
      actor,
      sessionEndsAt: sessionEndsAt.getTime(),
      cachedAt: this.clock.now().getTime(),
      epoch,
    });
  }

  /**
   * Call after committing anything that ends a session or changes a user's role, agency or
   * active flag, before answering. If Redis cannot be told, other processes still drop the entry
   * within MAX_AGE_MS; this process drops everything now.
   */
  async revoked(): Promise<void> {
    this.entries.clear();
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await this.redis.incr(this.key);
        return;
      } catch (error) {
        if (attempt === 1)
          this.logger.error({ msg: 'could not bump the session epoch', error: String(error) });
      }
    }
  }
}
