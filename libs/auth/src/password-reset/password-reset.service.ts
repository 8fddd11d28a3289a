import { createHash, randomBytes } from 'node:crypto';

import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Transporter } from 'nodemailer';
import { DataSource, IsNull, MoreThan } from 'typeorm';

import { Actor, RequestMeta, Role } from '@tocsin/access';
import { AuditService } from '@tocsin/audit';
import { APP_CONFIG, AppConfig, AppException, Clock, smtpTransport } from '@tocsin/core';

import { AuthService } from '../auth.service';
import { LoginThrottle } from '../login-throttle';
import { PasswordHasher } from '../password.hasher';
import { UserEntity } from '../users/user.entity';
import { PasswordResetTokenEntity } from './password-reset-token.entity';

export const PasswordResetAuditAction = {
  LinkIssued: 'user.password_reset_issued',
  Requested: 'user.password_reset_requested',
  Completed: 'user.password_reset',
} as const;

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

/**
 * One-time password reset links: an admin issues one for someone (shown to the admin once), or a
 * person asks for one by e-mail (the answer is the same whether the address exists or not).
 * Links are `<public url>/reset-password?token=<id>.<secret>`; only the SHA-256 of the secret is
 * stored, a link works once and expires after PASSWORD_RESET_TTL_MINUTES.
 */
@Injectable()
export class PasswordResetService {
  private readonly logger = new Logger(PasswordResetService.name);
  private readonly mailer: Transporter | null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly hasher: PasswordHasher,
    private readonly auth: AuthService,
    private readonly throttle: LoginThrottle,
  ) {
    this.mailer = smtpTransport(config.notifications);
  }

  async issueByAdmin(
    actor: Actor,
    userId: string,
    meta: RequestMeta,
  ): Promise<{ url: string; expiresAt: Date }> {
    if (actor.kind !== 'user' || actor.role !== Role.ADMIN) {
      throw AppException.forbidden('Only an administrator can issue a password reset link');
    }
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ id: userId });
    if (!user) throw AppException.notFound('User', userId);
    if (!user.active) throw AppException.badInput('The account is deactivated', { field: 'userId' });
    return this.issue(user, actor, meta);
  }

  /** Always answers true: whether the address has an account is never told. */
  async requestByEmail(emailInput: string, meta: RequestMeta): Promise<boolean> {
    const ip = meta.ip ?? 'unknown';
    // Counted like a failed sign-in, so the form cannot be used to flood a mailbox.
    await this.throttle.assertAllowed(ip);
    await this.throttle.recordFailure(ip);
    const email = emailInput.trim().toLowerCase();
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ email });
    if (!user?.active || !this.mailer || !this.config.notifications.email) return true;
    const { url, expiresAt } = await this.issue(user, null, meta);
    const minutes = this.config.auth.passwordResetTtlMinutes;
    const text =
      user.locale === 'en'
        ? `Someone (hopefully you) asked to reset your Tocsin password.\n\nOpen this link within ${minutes} minutes to choose a new one (it works once):\n${url}\n\nIf it was not you, ignore this message; your password stays as it is.`
        : `Có yêu cầu đặt lại mật khẩu Tocsin của bạn.\n\nMở liên kết sau trong vòng ${minutes} phút để đặt mật khẩu mới (chỉ dùng được một lần):\n${url}\n\nNếu không phải bạn yêu cầu, hãy bỏ qua thư này; mật khẩu của bạn giữ nguyên.`;
    this.mailer
      .sendMail({
        from: this.config.notifications.email.from,
        to: user.email,
        subject: user.locale === 'en' ? 'Reset your Tocsin password' : 'Đặt lại mật khẩu Tocsin',
        text,
      })
      .catch((error: unknown) =>
        this.logger.error({ err: error, expiresAt }, 'Password reset mail not sent'),
      );
    return true;
  }

  /** Sets a new password from a link: once, before it expires; every session of the person ends. */
  async reset(token: string, newPassword: string, meta: RequestMeta): Promise<boolean> {
    const [id, secret] = token.split('.');
    const invalid = () =>
      AppException.badInput('This link is not valid any more; ask for a new one', {
        field: 'token',
        reason: 'RESET_LINK_INVALID',
      });
    if (!id || !secret || !/^[0-9a-f-]{36}$/.test(id)) throw invalid();
    const passwordHash = await this.hasher.hash(newPassword);
    const done = await this.dataSource.transaction(async (em) => {
      const now = this.clock.now();
      const link = await em.findOne(PasswordResetTokenEntity, {
        where: { id, tokenHash: sha256(secret), usedAt: IsNull(), expiresAt: MoreThan(now) },
        lock: { mode: 'pessimistic_write' },
      });
      if (!link) throw invalid();
      await em.update(PasswordResetTokenEntity, { id }, { usedAt: now });
      await em.update(
        UserEntity,
        { id: link.userId },
        { passwordHash, passwordChangedAt: now, failedLoginCount: 0, lockedUntil: null },
      );
      await this.auth.revokeAllSessions(em, link.userId, 'PASSWORD_RESET');
      await this.audit.append(em, {
        actor: null,
        action: PasswordResetAuditAction.Completed,
        entityType: 'user',
        entityId: link.userId,
        after: { linkId: id, passwordChangedAt: now, sessionsEnded: true },
        meta,
      });
      return true;
    });
    // Their sessions ended: no api process may serve them from its session cache after this answer.
    await this.auth.sessionsChanged();
    return done;
  }

  private async issue(
    user: UserEntity,
    actor: Actor | null,
    meta: RequestMeta,
  ): Promise<{ url: string; expiresAt: Date }> {
    const secret = randomBytes(32).toString('base64url');
    const expiresAt = new Date(
      this.clock.now().getTime() + this.config.auth.passwordResetTtlMinutes * 60_000,
    );
    return this.dataSource.transaction(async (em) => {
      // A new link replaces any earlier one still open.
      await em.update(
        PasswordResetTokenEntity,
        { userId: user.id, usedAt: IsNull() },
        { usedAt: this.clock.now() },
      );
      const link = await em.save(
        em.create(PasswordResetTokenEntity, {
          userId: user.id,
          tokenHash: sha256(secret),
          expiresAt,
          usedAt: null,
          issuedById: actor?.id ?? null,
        }),
      );
      await this.audit.append(em, {
        actor,
        action: actor ? PasswordResetAuditAction.LinkIssued : PasswordResetAuditAction.Requested,
        entityType: 'user',
        entityId: user.id,
        after: { linkId: link.id, expiresAt },
        meta,
      });
      const url = `${this.config.notifications.publicUrl}/reset-password?token=${link.id}.${secret}`;
      return { url, expiresAt };
    });
  }
}
