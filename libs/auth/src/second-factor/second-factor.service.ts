import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import { DataSource, EntityManager, IsNull } from 'typeorm';

import { Actor, RequestMeta, Role, UserActor } from '@tocsin/access';
import { AuditService } from '@tocsin/audit';
import { APP_CONFIG, AppConfig, AppException, Clock } from '@tocsin/core';

import { AuthSessionEntity } from '../sessions/auth-session.entity';
import { SessionCache } from '../sessions/session-cache';
import { UserEntity } from '../users/user.entity';
import type { SecondFactorStatusModel } from '../users/user.model';
import { UserRecoveryCodeEntity, UserSecondFactorEntity } from './second-factor.entity';

export const ENROL_SECOND_FACTOR = 'ENROL_SECOND_FACTOR';
/** Lifetime of the token between the password step and the code step. */
export const SECOND_STEP_TTL_SECONDS = 300;
const RECOVERY_CODES = 10;
const ISSUER = 'Tocsin';

export const SecondFactorAuditAction = {
  Enrolled: 'user.second_factor_enrolled',
  Reset: 'user.second_factor_reset',
  RecoveryCodeUsed: 'user.recovery_code_used',
  SecondStepFailed: 'user.second_factor_failed',
} as const;

export interface SecondStepClaims {
  sub: string;
  typ: 'second-factor';
}

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');
/** Recovery codes are compared without case, spaces or dashes: `ABCDE-12345` = `abcde12345`. */
const normaliseRecoveryCode = (code: string): string => code.replace(/[\s-]/g, '').toUpperCase();

/**
 * TOTP second factor (RFC 6238, 30-second steps, one step of drift either way) and single-use
 * recovery codes: enrolment, the code step of sign-in, and an admin's reset.
 */
@Injectable()
export class SecondFactorService {
  private readonly encryptionKey: Buffer;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly sessions: SessionCache,
  ) {
    this.encryptionKey = createHash('sha256').update(`tocsin-totp-secret:${config.auth.jwtSecret}`).digest();
  }

  isRequiredFor(role: Role): boolean {
    return this.config.auth.twoFactorRequiredRoles.includes(role);
  }

  async isEnabled(userId: string, em: EntityManager = this.dataSource.manager): Promise<boolean> {
    const factor = await em.findOneBy(UserSecondFactorEntity, { userId });
    return Boolean(factor?.enabledAt);
  }

  /** The token of the second step: signed like access tokens but of its own type, never accepted as one. */
  issueSecondStepToken(userId: string): Promise<string> {
    return this.jwt.signAsync({ sub: userId, typ: 'second-factor' } satisfies SecondStepClaims, {
      expiresIn: SECOND_STEP_TTL_SECONDS,
      algorithm: 'HS256',
      audience: 'tocsin-second-factor',
    });
  }

  async readSecondStepToken(token: string): Promise<string> {
    try {
      const claims = await this.jwt.verifyAsync<SecondStepClaims>(token, {
        algorithms: ['HS256'],
        audience: 'tocsin-second-factor',
      });
      if (claims.typ !== 'second-factor') throw new Error('wrong type');
      return claims.sub;
    } catch {
      throw AppException.unauthenticated('The sign-in step has expired; enter your password again', {
        reason: 'SECOND_STEP_EXPIRED',
      });
    }
  }

  /**
   * Checks a six-digit code or a recovery code inside the caller's transaction (the row is locked,
   * so a code is used once even by two requests at the same moment). Returns how it was proven.
   */
  async checkCode(em: EntityManager, userId: string, code: string): Promise<'TOTP' | 'RECOVERY_CODE' | null> {
    const factor = await em
      .getRepository(UserSecondFactorEntity)
      .createQueryBuilder('f')
      .addSelect('f.secretEncrypted')
      .where('f.user_id = :userId', { userId })
      .setLock('pessimistic_write')
      .getOne();
    if (!factor?.enabledAt) return null;
    const trimmed = code.trim();
    if (/^\d{6}$/.test(trimmed)) {
      const step = await this.verifyTotp(this.decrypt(factor.secretEncrypted), trimmed);
      if (step === null || step <= Number(factor.lastUsedStep)) return null;
      await em.update(UserSecondFactorEntity, { userId }, { lastUsedStep: String(step) });
      return 'TOTP';
    }
    const used = await em.update(
      UserRecoveryCodeEntity,
      { userId, codeHash: sha256(normaliseRecoveryCode(trimmed)), usedAt: IsNull() },
      { usedAt: this.clock.now() },
    );
    return used.affected ? 'RECOVERY_CODE' : null;
  }

  async status(actor: UserActor, mustEnrol: boolean): Promise<SecondFactorStatusModel> {
    const [factor, user, left] = await Promise.all([
      this.dataSource.getRepository(UserSecondFactorEntity).findOneBy({ userId: actor.id }),
      this.dataSource.getRepository(UserEntity).findOneByOrFail({ id: actor.id }),
      this.dataSource.getRepository(UserRecoveryCodeEntity).countBy({ userId: actor.id, usedAt: IsNull() }),
    ]);
    return {
      enabled: Boolean(factor?.enabledAt),
      required: this.isRequiredFor(actor.role),
      mustEnrol,
      recoveryCodesLeft: left,
      resetAt: user.secondFactorResetAt,
    };
  }

  /** Starts (or restarts) enrolment: a new secret, shown as a QR code and as text. */
  async beginEnrolment(
    actor: UserActor,
  ): Promise<{ secret: string; otpauthUrl: string; qrCodeDataUrl: string }> {
    const user = await this.dataSource.getRepository(UserEntity).findOneByOrFail({ id: actor.id });
    if (await this.isEnabled(actor.id)) {
      throw AppException.conflict('Two-step sign-in is already set up; an administrator can reset it');
    }
    const secret = generateSecret();
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(UserSecondFactorEntity)
      .values({ userId: actor.id, secretEncrypted: this.encrypt(secret), enabledAt: null, lastUsedStep: '0' })
      .orUpdate(['secret_encrypted', 'enabled_at', 'last_used_step'], ['user_id'])
      .execute();
    const otpauthUrl = generateURI({ issuer: ISSUER, label: user.email, secret });
    const qrCodeDataUrl = await QRCode.toDataURL(otpauthUrl, {
      errorCorrectionLevel: 'M',
      margin: 1,
      width: 240,
    });
    return { secret, otpauthUrl, qrCodeDataUrl };
  }

  /**
   * Confirms enrolment with a first code; issues ten recovery codes (shown once) and lifts an
   * enrol-only restriction from the caller's session.
   */
  async confirmEnrolment(actor: UserActor, code: string, meta: RequestMeta): Promise<string[]> {
    return this.dataSource.transaction(async (em) => {
      const factor = await em
        .getRepository(UserSecondFactorEntity)
        .createQueryBuilder('f')
        .addSelect('f.secretEncrypted')
        .where('f.user_id = :userId', { userId: actor.id })
        .setLock('pessimistic_write')
        .getOne();
      if (!factor) throw AppException.badInput('Start the set-up first', { field: 'code' });
      if (factor.enabledAt) throw AppException.conflict('Two-step sign-in is already set up');
      const step = /^\d{6}$/.test(code.trim())
        ? await this.verifyTotp(this.decrypt(factor.secretEncrypted), code.trim())
        : null;
      if (step === null) {
        throw AppException.badInput('The code is not right; check the time on your phone and try again', {
          field: 'code',
        });
      }
      await em.update(
        UserSecondFactorEntity,
        { userId: actor.id },
        { enabledAt: this.clock.now(), lastUsedStep: String(step) },
      );
      const codes = await this.replaceRecoveryCodes(em, actor.id);
      await em.update(
        AuthSessionEntity,
        { userId: actor.id, restriction: ENROL_SECOND_FACTOR },
        { restriction: null },
      );
      await this.audit.append(em, {
        actor,
        action: SecondFactorAuditAction.Enrolled,
        entityType: 'user',
        entityId: actor.id,
        after: { method: 'TOTP', recoveryCodes: RECOVERY_CODES },
        meta,
      });
      return codes;
    });
  }

  /**
   * An admin removes someone's second factor (lost phone): the factor and recovery codes go, every
   * session of theirs ends, and the person sees when at their next sign-in (`secondFactorResetAt`).
   */
  async reset(actor: Actor, userId: string, meta: RequestMeta): Promise<boolean> {
    if (actor.kind !== 'user' || actor.role !== Role.ADMIN) {
      throw AppException.forbidden('Only an administrator can reset a second factor');
    }
    const done = await this.dataSource.transaction(async (em) => {
      const user = await em.findOne(UserEntity, {
        where: { id: userId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!user) throw AppException.notFound('User', userId);
      const removed = await em.delete(UserSecondFactorEntity, { userId });
      await em.delete(UserRecoveryCodeEntity, { userId });
      const now = this.clock.now();
      await em.update(UserEntity, { id: userId }, { secondFactorResetAt: now });
      await em.update(
        AuthSessionEntity,
        { userId, revokedAt: IsNull() },
        { revokedAt: now, revokedReason: 'SECOND_FACTOR_RESET' },
      );
      await this.audit.append(em, {
        actor,
        action: SecondFactorAuditAction.Reset,
        entityType: 'user',
        entityId: userId,
        after: { hadSecondFactor: Boolean(removed.affected), sessionsEnded: true },
        meta,
      });
      return true;
    });
    // Their sessions ended: no api process may serve them from its session cache after this answer.
    await this.sessions.revoked();
    return done;
  }

  private async replaceRecoveryCodes(em: EntityManager, userId: string): Promise<string[]> {
    await em.delete(UserRecoveryCodeEntity, { userId });
    const codes = Array.from({ length: RECOVERY_CODES }, () => {
      const raw = randomBytes(8)
        .toString('base64url')
        .replace(/[^A-Za-z0-9]/g, 'X')
        .slice(0, 10)
        .toUpperCase();
      return `${raw.slice(0, 5)}-${raw.slice(5)}`;
    });
    await em.insert(
      UserRecoveryCodeEntity,
      codes.map((code) => ({ userId, codeHash: sha256(normaliseRecoveryCode(code)), usedAt: null })),
    );
    return codes;
  }

  /** The time step the code belongs to (now, or one step either side), or null. */
  private async verifyTotp(secret: string, token: string): Promise<number | null> {
    const epoch = Math.floor(this.clock.now().getTime() / 1000);
    const result = await verify({ secret, token, epoch, epochTolerance: 30 });
    return result.valid ? Math.floor(epoch / 30) + result.delta : null;
  }

  private encrypt(secret: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv);
    const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return [
      'v1',
      iv.toString('base64'),
      cipher.getAuthTag().toString('base64'),
      data.toString('base64'),
    ].join('.');
  }

  private decrypt(stored: string): string {
    const [version, iv, tag, data] = stored.split('.');
    if (version !== 'v1') throw new Error('Unknown second factor secret format');
    const decipher = createDecipheriv('aes-256-gcm', this.encryptionKey, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
  }
}
