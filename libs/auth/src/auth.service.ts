import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';

import { RequestMeta, UserActor } from '@tocsin/access';
import { AuditAction, AuditService } from '@tocsin/audit';
import { APP_CONFIG, AppConfig, AppException, Clock, TocsinMetrics } from '@tocsin/core';

import { LoginThrottle } from './login-throttle';
import { PasswordHasher } from './password.hasher';
import { AuthSessionEntity } from './sessions/auth-session.entity';
import { SessionCache } from './sessions/session-cache';
import { UserEntity } from './users/user.entity';

export interface IssuedTokens {
  user: UserEntity;
  sessionId: string;
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
}

interface AccessClaims {
  sub: string;
  sid: string;
  /** Issued at, on the service's clock (jsonwebtoken adds expiresIn to it). */
  iat?: number;
}

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

const INVALID_CREDENTIALS = 'Invalid email or password';

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
    private readonly clock: Clock,
    private readonly metrics: TocsinMetrics,
    private readonly audit: AuditService,
    private readonly sessions: SessionCache,
  ) {}

  /**
   * Call after committing a change that ends sessions or changes a user's role, agency or active
   * flag, before answering: no api process serves the old actor from memory after this.
   */
  sessionsChanged(): Promise<void> {
    return this.sessions.revoked();
  }

  async login(emailInput: string, password: string, meta: RequestMeta): Promise<IssuedTokens> {
    const ip = meta.ip ?? 'unknown';
    await this.throttle.assertAllowed(ip);
    const email = emailInput.trim().toLowerCase();
    const user = await this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email = :email', { email })
      .getOne();
    const now = this.clock.now();

    const unknownLockedUntil = user ? null : await this.throttle.unknownEmailLockedUntil(email);
    if (unknownLockedUntil) {
      await this.throttle.recordFailure(ip);
      this.metrics.loginAttempts.inc({ outcome: 'locked' });
      throw this.lockedError(unknownLockedUntil);
    }
    if (user?.lockedUntil && user.lockedUntil > now) {
      await this.throttle.recordFailure(ip);
      this.metrics.loginAttempts.inc({ outcome: 'locked' });
      await this.auditRefusedLogin(user.id, 'ACCOUNT_LOCKED', meta);
      throw this.lockedError(user.lockedUntil);
    }
    const passwordOk = await this.hasher.verify(user?.passwordHash, password);
    if (!user || !passwordOk) {
      await this.throttle.recordFailure(ip);
      this.metrics.loginAttempts.inc({ outcome: 'failed' });
      const lockedUntil = user
        ? await this.recordAccountFailure(user.id, meta)
        : await this.throttle.recordUnknownEmailFailure(email);
      if (lockedUntil) throw this.lockedError(lockedUntil);
      throw AppException.unauthenticated(INVALID_CREDENTIALS, { reason: 'INVALID_CREDENTIALS' });
    }
    if (!user.active) {
      this.metrics.loginAttempts.inc({ outcome: 'disabled' });
      await this.auditRefusedLogin(user.id, 'ACCOUNT_DISABLED', meta);
      throw AppException.unauthenticated('This account has been deactivated', { reason: 'ACCOUNT_DISABLED' });
    }
    this.metrics.loginAttempts.inc({ outcome: 'success' });
    return this.dataSource.transaction(async (em) => {
      await em.update(
        UserEntity,
        { id: user.id },
        { failedLoginCount: 0, lockedUntil: null, lastLoginAt: now },
      );
      const tokens = await this.openSession(em, user, meta);
      const actor: UserActor = {
        kind: 'user',
        id: user.id,
        role: user.role,
        agencyId: user.agencyId,
        sessionId: tokens.sessionId,
      };
      await this.audit.append(em, {
        actor,
        action: AuditAction.UserLogin,
        entityType: 'user',
        entityId: user.id,
        after: { sessionId: tokens.sessionId },
        meta,
      });
      return tokens;
    });
  }

  /** Swaps a refresh token for a new pair. Re-use of an already rotated token revokes the session. */
  async refresh(refreshToken: string | undefined, meta: RequestMeta): Promise<IssuedTokens> {
    const [sessionId, secret] = (refreshToken ?? '').split('.');
    if (!sessionId || !secret || !/^[0-9a-f-]{36}$/.test(sessionId)) {
      throw AppException.unauthenticated('No valid refresh token', { reason: 'INVALID_REFRESH_TOKEN' });
    }
    const outcome = await this.dataSource.transaction(async (em): Promise<IssuedTokens | 'REUSED'> => {
      const session = await em.findOne(AuthSessionEntity, {
        where: { id: sessionId },
        lock: { mode: 'pessimistic_write' },
      });
      const now = this.clock.now();
      if (!session || session.revokedAt || session.expiresAt <= now) {
        throw AppException.unauthenticated('The session has ended; sign in again', {
          reason: 'SESSION_ENDED',
        });
      }
      const presented = Buffer.from(sha256(secret));
      if (!timingSafeEqual(presented, Buffer.from(session.refreshTokenHash))) {
        // Someone holds an older token of this session: end it for everyone (committed, then refused).
        await em.update(
          AuthSessionEntity,
          { id: session.id },
          { revokedAt: now, revokedReason: 'REFRESH_TOKEN_REUSE' },
        );
        await this.audit.append(em, {
          actor: null,
          action: AuditAction.SessionRefreshTokenReused,
          entityType: 'user',
          entityId: session.userId,
          after: { sessionId: session.id, revokedReason: 'REFRESH_TOKEN_REUSE' },
          meta,
        });
        return 'REUSED';
      }
      const user = await em.findOneBy(UserEntity, { id: session.userId });
      if (!user?.active) {
        throw AppException.unauthenticated('This account has been deactivated', {
          reason: 'ACCOUNT_DISABLED',
        });
      }
      return this.rotate(em, session, user, meta);
    });
    if (outcome === 'REUSED') {
      await this.sessions.revoked();
      throw AppException.unauthenticated('The session has ended; sign in again', { reason: 'SESSION_ENDED' });
    }
    return outcome;
  }

  async logout(actor: UserActor, allSessions: boolean, meta: RequestMeta): Promise<boolean> {
    const now = this.clock.now();
    const where = allSessions
      ? { userId: actor.id, revokedAt: IsNull() }
      : { id: actor.sessionId, revokedAt: IsNull() };
    await this.dataSource.transaction(async (em) => {
      const result = await em.update(AuthSessionEntity, where, { revokedAt: now, revokedReason: 'LOGOUT' });
      await this.audit.append(em, {
        actor,
        action: AuditAction.SessionLogout,
        entityType: 'user',
        entityId: actor.id,
        after: { sessionId: actor.sessionId, allSessions, sessionsEnded: result.affected ?? 0 },
        meta,
      });
    });
    await this.sessions.revoked();
    return true;
  }

  /** Checks a bearer token and returns the actor, re-reading role, agency and session state every time. */
  async authenticateAccessToken(token: string): Promise<UserActor> {
    let claims: AccessClaims;
    try {
      // Expiry on the service's clock, like every other time check.
      claims = await this.jwt.verifyAsync<AccessClaims>(token, {
        algorithms: ['HS256'],
        clockTimestamp: Math.floor(this.clock.now().getTime() / 1000),
      });
    } catch (error) {
      const expired = (error as Error).name === 'TokenExpiredError';
      throw AppException.unauthenticated(expired ? 'The access token has expired' : 'Invalid access token', {
        reason: expired ? 'TOKEN_EXPIRED' : 'INVALID_TOKEN',
      });
    }
    const epoch = await this.sessions.epoch();
    const cached = this.sessions.get(claims.sid, claims.sub, epoch);
    if (cached) return cached;
    const actor = await this.refreshActor(claims.sub, claims.sid, (a, endsAt) =>
      this.sessions.set(a, endsAt, epoch),
    );
    if (actor === 'SESSION_ENDED') {
      throw AppException.unauthenticated('The session has ended; sign in again', { reason: 'SESSION_ENDED' });
    }
    if (actor === 'ACCOUNT_DISABLED') {
      throw AppException.unauthenticated('This account has been deactivated', { reason: 'ACCOUNT_DISABLED' });
    }
    return actor;
  }

  /**
   * The actor as the database says now (role and agency may have changed), or why it is no longer
   * valid. Used per request, and by long-lived subscriptions to notice a logout or deactivation.
   */
  async refreshActor(
    userId: string,
    sessionId: string,
    /** Told the valid actor and when its session ends (the per-request cache). */
    onValid?: (actor: UserActor, sessionEndsAt: Date) => void,
  ): Promise<UserActor | 'SESSION_ENDED' | 'ACCOUNT_DISABLED'> {
    const rows = await this.dataSource.query<
      {
        role: UserEntity['role'];
        agency_id: string | null;
        active: boolean;
        revoked_at: Date | null;
        expires_at: Date;
      }[]
    >(
      `SELECT u.role, u.agency_id, u.active, s.revoked_at, s.expires_at
         FROM auth_session s JOIN "user" u ON u.id = s.user_id
        WHERE s.id = $1 AND u.id = $2`,
      [sessionId, userId],
    );
    const row = rows[0];
    if (!row || row.revoked_at || row.expires_at <= this.clock.now()) return 'SESSION_ENDED';
    if (!row.active) return 'ACCOUNT_DISABLED';
    const actor: UserActor = { kind: 'user', id: userId, role: row.role, agencyId: row.agency_id, sessionId };
    onValid?.(actor, row.expires_at);
    return actor;
  }

  /** Deletes sessions that ended more than a day ago (run by the worker). */
  async pruneSessions(): Promise<number> {
    const result = await this.dataSource
      .createQueryBuilder()
      .delete()
      .from(AuthSessionEntity)
      .where("expires_at < now() - interval '1 day' OR revoked_at < now() - interval '1 day'")
      .execute();
    return result.affected ?? 0;
  }

  /** Ends every session of a user (deactivation, password change), optionally keeping one. */
  async revokeAllSessions(
    em: EntityManager,
    userId: string,
    reason: string,
    keepSessionId?: string,
  ): Promise<void> {
    const qb = em
      .createQueryBuilder()
      .update(AuthSessionEntity)
      .set({ revokedAt: this.clock.now(), revokedReason: reason })
      .where('user_id = :userId AND revoked_at IS NULL', { userId });
    if (keepSessionId) qb.andWhere('id <> :keep', { keep: keepSessionId });
    await qb.execute();
  }

  /** Counts a wrong password against the account, locking it at the limit; audited in the same transaction. */
  private async recordAccountFailure(userId: string, meta: RequestMeta): Promise<Date | null> {
    const { loginMaxFailures, loginLockMinutes } = this.config.auth;
    return this.dataSource.transaction(async (em) => {
      // TypeORM answers a raw UPDATE on PostgreSQL with [returned rows, affected count].
      const [rows] = await em.query<[{ locked_until: Date | null; failed_login_count: number }[], number]>(
        `UPDATE "user"
            -- A lock that has run out starts the count afresh (one wrong password must not re-lock).
            SET failed_login_count = CASE WHEN locked_until <= now() THEN 1 ELSE failed_login_count + 1 END,
                locked_until = CASE
                  WHEN (CASE WHEN locked_until <= now() THEN 1 ELSE failed_login_count + 1 END) >= $2
                  THEN now() + make_interval(mins => $3)
                  WHEN locked_until <= now() THEN NULL
                  ELSE locked_until END
          WHERE id = $1
        RETURNING locked_until, failed_login_count`,
        [userId, loginMaxFailures, loginLockMinutes],
      );
      const failedLoginCount = rows[0]?.failed_login_count ?? null;
      const stored = rows[0]?.locked_until ?? null;
      const lockedUntil = stored && stored > this.clock.now() ? stored : null;
      await this.audit.append(em, {
        actor: null,
        action: AuditAction.UserLoginFailed,
        entityType: 'user',
        entityId: userId,
        after: { reason: 'INVALID_CREDENTIALS', failedLoginCount },
        meta,
      });
      if (lockedUntil) {
        await this.audit.append(em, {
          actor: null,
          action: AuditAction.UserLocked,
          entityType: 'user',
          entityId: userId,
          after: { lockedUntil, failedLoginCount },
          meta,
        });
      }
      return lockedUntil;
    });
  }

  /** A correct or incorrect password for an account that may not sign in now: recorded, nothing else changes. */
  private async auditRefusedLogin(userId: string, reason: string, meta: RequestMeta): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      await this.audit.append(em, {
        actor: null,
        action: AuditAction.UserLoginFailed,
        entityType: 'user',
        entityId: userId,
        after: { reason },
        meta,
      });
    });
  }

  private lockedError(lockedUntil: Date): AppException {
    return AppException.unauthenticated('Too many failed attempts: the account is locked for a while', {
      reason: 'ACCOUNT_LOCKED',
      lockedUntil: lockedUntil.toISOString(),
    });
  }

  private async openSession(em: EntityManager, user: UserEntity, meta: RequestMeta): Promise<IssuedTokens> {
    const now = this.clock.now();
    const session = em.create(AuthSessionEntity, {
      userId: user.id,
      refreshTokenHash: '',
      rotation: 0,
      expiresAt: new Date(now.getTime() + this.config.auth.refreshTokenTtlDays * 86_400_000),
      revokedAt: null,
      revokedReason: null,
      ip: meta.ip ?? null,
      userAgent: meta.userAgent ?? null,
      lastUsedAt: now,
    });
    await em.save(session);
    return this.rotate(em, session, user, meta);
  }

  private async rotate(
    em: EntityManager,
    session: AuthSessionEntity,
    user: UserEntity,
    meta: RequestMeta,
  ): Promise<IssuedTokens> {
    const now = this.clock.now();
    const secret = randomBytes(32).toString('base64url');
    await em.update(
      AuthSessionEntity,
      { id: session.id },
      {
        refreshTokenHash: sha256(secret),
        rotation: session.rotation + 1,
        lastUsedAt: now,
        ip: meta.ip ?? session.ip,
      },
    );
    const ttl = this.config.auth.accessTokenTtlSeconds;
    const claims = { sub: user.id, sid: session.id, iat: Math.floor(now.getTime() / 1000) };
    const accessToken = await this.jwt.signAsync(claims satisfies AccessClaims, {
      expiresIn: ttl,
      algorithm: 'HS256',
    });
    return {
      user,
      sessionId: session.id,
      accessToken,
      accessTokenExpiresAt: new Date(now.getTime() + ttl * 1000),
      refreshToken: `${session.id}.${secret}`,
      refreshTokenExpiresAt: session.expiresAt,
    };
  }
}
