import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';

import { RequestMeta, UserActor } from '@tocsin/access';
import { AuditAction, AuditService } from '@tocsin/audit';
import { APP_CONFIG, AppConfig, AppException, Clock, ErrorCode, TocsinMetrics } from '@tocsin/core';

import { LoginThrottle } from './login-throttle';
import { PasswordHasher } from './password.hasher';
import {
  ENROL_SECOND_FACTOR,
  SECOND_STEP_TTL_SECONDS,
  SecondFactorService,
} from './second-factor/second-factor.service';
import { AuthSessionEntity } from './sessions/auth-session.entity';
import { SessionCache } from './sessions/session-cache';
import { UserEntity } from './users/user.entity';

export interface SecondStepChallenge {
  secondStepToken: string;
  secondStepExpiresAt: Date;
}

export interface IssuedTokens {
  /** ENROL_SECOND_FACTOR when the session may only set up a second factor. */
  restriction?: string | null;
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

/** Actors authenticated from an enrol-only session, for the guard (kept off the shared Actor type). */
const enrolmentOnlyActors = new WeakSet<object>();

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
    private readonly secondFactors: SecondFactorService,
  ) {}

  /**
   * Call after committing a change that ends sessions or changes a user's role, agency or active
   * flag, before answering: no api process serves the old actor from memory after this.
   */
  sessionsChanged(): Promise<void> {
    return this.sessions.revoked();
  }

  async login(
    emailInput: string,
    password: string,
    meta: RequestMeta,
  ): Promise<IssuedTokens | SecondStepChallenge> {
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
    if (await this.secondFactors.isEnabled(user.id)) {
      this.metrics.loginAttempts.inc({ outcome: 'second_step' });
      return {
        secondStepToken: await this.secondFactors.issueSecondStepToken(user.id),
        secondStepExpiresAt: new Date(now.getTime() + SECOND_STEP_TTL_SECONDS * 1000),
      };
    }
    this.metrics.loginAttempts.inc({ outcome: 'success' });
    // Someone who must use a second factor and has none gets a session that can only set one up.
    const restriction = this.secondFactors.isRequiredFor(user.role) ? ENROL_SECOND_FACTOR : null;
    return this.dataSource.transaction((em) => this.completeLogin(em, user, meta, restriction, null));
  }

  /**
   * The code step of a sign-in: the second-step token from `login` and a six-digit code or a
   * recovery code. Throttled and counted towards the lockout exactly like a wrong password.
   */
  async verifySecondFactor(token: string, code: string, meta: RequestMeta): Promise<IssuedTokens> {
    const ip = meta.ip ?? 'unknown';
    await this.throttle.assertAllowed(ip);
    const userId = await this.secondFactors.readSecondStepToken(token);
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ id: userId });
    const now = this.clock.now();
    if (!user?.active) {
      throw AppException.unauthenticated('This account has been deactivated', { reason: 'ACCOUNT_DISABLED' });
    }
    if (user.lockedUntil && user.lockedUntil > now) {
      await this.throttle.recordFailure(ip);
      throw this.lockedError(user.lockedUntil);
    }
    const tokens = await this.dataSource.transaction(async (em) => {
      const method = await this.secondFactors.checkCode(em, user.id, code);
      if (!method) return null;
      return this.completeLogin(em, user, meta, null, method);
    });
    if (!tokens) {
      await this.throttle.recordFailure(ip);
      this.metrics.loginAttempts.inc({ outcome: 'failed' });
      const lockedUntil = await this.recordAccountFailure(user.id, meta, 'INVALID_SECOND_FACTOR');
      if (lockedUntil) throw this.lockedError(lockedUntil);
      throw AppException.unauthenticated('The code is not right', { reason: 'INVALID_SECOND_FACTOR' });
    }
    this.metrics.loginAttempts.inc({ outcome: 'success' });
    return tokens;
  }

  /** Opens the session of a completed sign-in, audited in the same transaction. */
  private async completeLogin(
    em: EntityManager,
    user: UserEntity,
    meta: RequestMeta,
    restriction: string | null,
    secondFactor: 'TOTP' | 'RECOVERY_CODE' | null,
  ): Promise<IssuedTokens> {
    await em.update(
      UserEntity,
      { id: user.id },
      { failedLoginCount: 0, lockedUntil: null, lastLoginAt: this.clock.now() },
    );
    const tokens = await this.openSession(em, user, meta, restriction);
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
      after: {
        sessionId: tokens.sessionId,
        ...(secondFactor ? { secondFactor } : {}),
        ...(restriction ? { restriction } : {}),
      },
      meta,
    });
    return tokens;
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
  async authenticateAccessToken(
    token: string,
    options: { enrolmentOnly?: boolean } = {},
  ): Promise<UserActor> {
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
    // Only full sessions are served from the cache; an enrol-only one is read every time.
    const epoch = await this.sessions.epoch();
    const cached = this.sessions.get(claims.sid, claims.sub, epoch);
    if (cached) return cached;
    const loaded = await this.loadActor(claims.sub, claims.sid);
    if (typeof loaded !== 'string' && loaded.restriction === ENROL_SECOND_FACTOR && !options.enrolmentOnly) {
      throw new AppException(ErrorCode.FORBIDDEN, 'Set up two-step sign-in before anything else', {
        reason: 'SECOND_FACTOR_ENROLMENT_REQUIRED',
      });
    }
    const actor = typeof loaded === 'string' ? loaded : loaded.actor;
    if (typeof loaded !== 'string' && loaded.restriction) enrolmentOnlyActors.add(loaded.actor);
    else if (typeof loaded !== 'string') this.sessions.set(loaded.actor, loaded.expiresAt, epoch);
    if (actor === 'SESSION_ENDED') {
      throw AppException.unauthenticated('The session has ended; sign in again', { reason: 'SESSION_ENDED' });
    }
    if (actor === 'ACCOUNT_DISABLED') {
      throw AppException.unauthenticated('This account has been deactivated', { reason: 'ACCOUNT_DISABLED' });
    }
    return actor;
  }

  /** Whether this actor came from an enrol-only session (see authenticateAccessToken). */
  wasEnrolmentOnly(actor: object): boolean {
    return enrolmentOnlyActors.has(actor);
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
    const loaded = await this.loadActor(userId, sessionId);
    if (typeof loaded === 'string') return loaded;
    // An enrol-only session has nothing to subscribe to: it counts as ended for long-lived streams.
    if (loaded.restriction) return 'SESSION_ENDED';
    onValid?.(loaded.actor, loaded.expiresAt);
    return loaded.actor;
  }

  private async loadActor(
    userId: string,
    sessionId: string,
  ): Promise<
    { actor: UserActor; restriction: string | null; expiresAt: Date } | 'SESSION_ENDED' | 'ACCOUNT_DISABLED'
  > {
    const rows = await this.dataSource.query<
      {
        role: UserEntity['role'];
        agency_id: string | null;
        active: boolean;
        revoked_at: Date | null;
        expires_at: Date;
        restriction: string | null;
      }[]
    >(
      `SELECT u.role, u.agency_id, u.active, s.revoked_at, s.expires_at, s.restriction
         FROM auth_session s JOIN "user" u ON u.id = s.user_id
        WHERE s.id = $1 AND u.id = $2`,
      [sessionId, userId],
    );
    const row = rows[0];
    if (!row || row.revoked_at || row.expires_at <= this.clock.now()) return 'SESSION_ENDED';
    if (!row.active) return 'ACCOUNT_DISABLED';
    return {
      actor: { kind: 'user', id: userId, role: row.role, agencyId: row.agency_id, sessionId },
      restriction: row.restriction,
      expiresAt: row.expires_at,
    };
  }

  /** The person's open sessions, most recently used first. */
  async sessionsOf(actor: UserActor): Promise<
    {
      id: string;
      userAgent: string | null;
      ip: string | null;
      createdAt: Date;
      lastUsedAt: Date;
      current: boolean;
    }[]
  > {
    const sessions = await this.dataSource
      .getRepository(AuthSessionEntity)
      .createQueryBuilder('s')
      .where('s.user_id = :userId AND s.revoked_at IS NULL AND s.expires_at > :now', {
        userId: actor.id,
        now: this.clock.now(),
      })
      .orderBy('s.last_used_at', 'DESC')
      .getMany();
    return sessions.map((s) => ({
      id: s.id,
      userAgent: s.userAgent,
      ip: s.ip,
      createdAt: s.createdAt,
      lastUsedAt: s.lastUsedAt,
      current: s.id === actor.sessionId,
    }));
  }

  /** Signs one of the person's own sessions out; someone else's session id is NOT_FOUND. */
  async endSession(actor: UserActor, sessionId: string, meta: RequestMeta): Promise<boolean> {
    const ended = await this.dataSource.transaction(async (em) => {
      const result = await em.update(
        AuthSessionEntity,
        { id: sessionId, userId: actor.id, revokedAt: IsNull() },
        { revokedAt: this.clock.now(), revokedReason: 'SIGNED_OUT_FROM_LIST' },
      );
      if (!result.affected) throw AppException.notFound('Session', sessionId);
      await this.audit.append(em, {
        actor,
        action: AuditAction.SessionLogout,
        entityType: 'user',
        entityId: actor.id,
        after: { sessionId, endedFrom: actor.sessionId },
        meta,
      });
      return true;
    });
    // No api process may serve the ended session from its cache after this answer.
    await this.sessions.revoked();
    return ended;
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
  private async recordAccountFailure(
    userId: string,
    meta: RequestMeta,
    reason: 'INVALID_CREDENTIALS' | 'INVALID_SECOND_FACTOR' = 'INVALID_CREDENTIALS',
  ): Promise<Date | null> {
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
        after: { reason, failedLoginCount },
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

  private async openSession(
    em: EntityManager,
    user: UserEntity,
    meta: RequestMeta,
    restriction: string | null = null,
  ): Promise<IssuedTokens> {
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
      restriction,
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
      restriction: session.restriction,
      user,
      sessionId: session.id,
      accessToken,
      accessTokenExpiresAt: new Date(now.getTime() + ttl * 1000),
      refreshToken: `${session.id}.${secret}`,
      refreshTokenExpiresAt: session.expiresAt,
    };
  }
}
