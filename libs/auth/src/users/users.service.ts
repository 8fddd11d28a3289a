import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';

import { AccessPolicy, Action, Actor, RequestMeta, Role, UserActor } from '@tocsin/access';
import { AgencyEntity } from '@tocsin/agencies';
import { AuditAction, AuditService, changedFields } from '@tocsin/audit';
import { AppException, Clock } from '@tocsin/core';

import { AuthService } from '../auth.service';
import { PasswordHasher } from '../password.hasher';
import { ChangePasswordInput, CreateUserInput, UpdateProfileInput, UpdateUserInput } from './user.input';
import { UserEntity } from './user.entity';

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly auth: AuthService,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  async me(actor: UserActor): Promise<UserEntity> {
    AccessPolicy.assert(actor, Action.ReadOwnProfile, { userId: actor.id });
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ id: actor.id });
    if (!user) throw AppException.unauthenticated();
    return user;
  }

  async list(
    actor: Actor,
    filter: { role?: Role; agencyId?: string; includeInactive?: boolean },
  ): Promise<UserEntity[]> {
    const scope = AccessPolicy.rowScope(actor, Action.ReadUser);
    const qb = this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .orderBy('u.displayName', 'ASC');
    switch (scope.kind) {
      case 'none':
        return [];
      case 'agency':
        qb.andWhere('u.agencyId = :scopeAgency', { scopeAgency: scope.agencyId });
        break;
      case 'self':
        qb.andWhere('u.id = :self', { self: scope.userId });
        break;
      case 'all':
        break;
    }
    if (filter.role) qb.andWhere('u.role = :role', { role: filter.role });
    if (filter.agencyId) qb.andWhere('u.agencyId = :agencyId', { agencyId: filter.agencyId });
    if (!filter.includeInactive) qb.andWhere('u.active = true');
    return qb.take(500).getMany();
  }

  async get(actor: Actor, id: string): Promise<UserEntity> {
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ id });
    if (!user || !AccessPolicy.can(actor, Action.ReadUser, { agencyId: user.agencyId, userId: user.id })) {
      throw AppException.notFound('User', id);
    }
    return user;
  }

  /** Batch look-up for DataLoaders; users the actor may not read are left out. */
  async findByIds(actor: Actor, ids: readonly string[]): Promise<UserEntity[]> {
    if (!ids.length) return [];
    const rows = await this.dataSource.getRepository(UserEntity).findBy({ id: In([...ids]) });
    return rows.filter((u) =>
      AccessPolicy.can(actor, Action.ReadUser, { agencyId: u.agencyId, userId: u.id }),
    );
  }

  async create(actor: Actor, meta: RequestMeta, input: CreateUserInput): Promise<UserEntity> {
    AccessPolicy.assert(actor, Action.CreateUser);
    const email = input.email.trim().toLowerCase();
    const passwordHash = await this.hasher.hash(input.password);
    return this.dataSource.transaction(async (em) => {
      await this.checkAgency(em, input.role, input.agencyId ?? null);
      if (await em.existsBy(UserEntity, { email })) {
        throw AppException.conflict('A user with this email already exists', { field: 'email' });
      }
      const user = em.create(UserEntity, {
        email,
        displayName: input.displayName.trim(),
        role: input.role,
        agencyId: input.agencyId ?? null,
        locale: input.locale ?? 'vi',
        timeZone: input.timeZone ?? 'Asia/Ho_Chi_Minh',
        passwordHash,
        telegramChatId: input.telegramChatId ?? null,
        zaloUserId: input.zaloUserId ?? null,
        phone: input.phone ?? null,
        active: true,
      });
      const saved = await em.save(user);
      const created = await em.findOneByOrFail(UserEntity, { id: saved.id });
      await this.audit.append(em, {
        actor,
        action: AuditAction.UserCreated,
        entityType: 'user',
        entityId: created.id,
        after: { ...created },
        meta,
      });
      return created;
    });
  }

  async update(actor: Actor, meta: RequestMeta, id: string, input: UpdateUserInput): Promise<UserEntity> {
    AccessPolicy.assert(actor, Action.UpdateUser);
    const saved = await this.dataSource.transaction(async (em) => {
      const user = await this.lockForWrite(em, id, input.version);
      const before = { ...user };
      const role = input.role ?? user.role;
      const agencyId = input.agencyId !== undefined ? input.agencyId : user.agencyId;
      await this.checkAgency(em, role, agencyId);
      const { version: _version, ...changes } = input;
      Object.assign(user, changes, { role, agencyId });
      await em.save(user);
      const updated = await em.findOneByOrFail(UserEntity, { id });
      await this.audit.append(em, {
        actor,
        action: AuditAction.UserUpdated,
        entityType: 'user',
        entityId: id,
        ...changedFields(before, updated),
        meta,
      });
      return updated;
    });
    // Role, agency or active flag may have changed: no cached session may answer for the old user.
    await this.auth.sessionsChanged();
    return saved;
  }

  /** Deactivation takes effect at once: every session ends in the same transaction. */
  async setActive(actor: Actor, meta: RequestMeta, id: string, active: boolean): Promise<UserEntity> {
    AccessPolicy.assert(actor, Action.DeactivateUser);
    if (!active && actor.kind === 'user' && actor.id === id) {
      throw AppException.badInput('You cannot deactivate your own account');
    }
    const saved = await this.dataSource.transaction(async (em) => {
      const user = await this.lockForWrite(em, id);
      const before = { ...user };
      user.active = active;
      user.deactivatedAt = active ? null : this.clock.now();
      if (active) {
        user.failedLoginCount = 0;
        user.lockedUntil = null;
      }
      await em.save(user);
      if (!active) await this.auth.revokeAllSessions(em, id, 'DEACTIVATED');
      const updated = await em.findOneByOrFail(UserEntity, { id });
      await this.audit.append(em, {
        actor,
        action: active ? AuditAction.UserReactivated : AuditAction.UserDeactivated,
        entityType: 'user',
        entityId: id,
        ...changedFields(before, updated),
        meta,
      });
      return updated;
    });
    // Role, agency or active flag may have changed: no cached session may answer for the old user.
    await this.auth.sessionsChanged();
    return saved;
  }

  async updateProfile(actor: UserActor, meta: RequestMeta, input: UpdateProfileInput): Promise<UserEntity> {
    AccessPolicy.assert(actor, Action.UpdateOwnProfile, { userId: actor.id });
    return this.dataSource.transaction(async (em) => {
      const user = await this.lockForWrite(em, actor.id);
      const before = { ...user };
      Object.assign(user, input);
      await em.save(user);
      const updated = await em.findOneByOrFail(UserEntity, { id: actor.id });
      await this.audit.append(em, {
        actor,
        action: AuditAction.UserProfileUpdated,
        entityType: 'user',
        entityId: actor.id,
        ...changedFields(before, updated),
        meta,
      });
      return updated;
    });
  }

  /** Other sessions end; the one making the change stays signed in. */
  async changePassword(actor: UserActor, meta: RequestMeta, input: ChangePasswordInput): Promise<boolean> {
    AccessPolicy.assert(actor, Action.ChangeOwnPassword, { userId: actor.id });
    const current = await this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.id = :id', { id: actor.id })
      .getOneOrFail();
    if (!(await this.hasher.verify(current.passwordHash, input.currentPassword))) {
      throw AppException.badInput('The current password is wrong', { field: 'currentPassword' });
    }
    if (input.currentPassword === input.newPassword) {
      throw AppException.badInput('The new password must differ from the current one', {
        field: 'newPassword',
      });
    }
    const passwordHash = await this.hasher.hash(input.newPassword);
    await this.dataSource.transaction(async (em) => {
      const passwordChangedAt = this.clock.now();
      await em.update(UserEntity, { id: actor.id }, { passwordHash, passwordChangedAt });
      await this.auth.revokeAllSessions(em, actor.id, 'PASSWORD_CHANGED', actor.sessionId);
      // Only the fact and the time: never the password or its hash.
      await this.audit.append(em, {
        actor,
        action: AuditAction.UserPasswordChanged,
        entityType: 'user',
        entityId: actor.id,
        before: { passwordChangedAt: current.passwordChangedAt },
        after: { passwordChangedAt, otherSessionsEnded: true },
        meta,
      });
    });
    await this.auth.sessionsChanged();
    return true;
  }

  private async lockForWrite(em: EntityManager, id: string, expectedVersion?: number): Promise<UserEntity> {
    const user = await em.findOne(UserEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!user) throw AppException.notFound('User', id);
    if (expectedVersion !== undefined && user.version !== expectedVersion) {
      throw AppException.conflict('The user was changed by someone else; reload and try again', {
        currentVersion: user.version,
      });
    }
    return user;
  }

  /** Reporters belong to an agency; the agency must exist. */
  private async checkAgency(em: EntityManager, role: Role, agencyId: string | null): Promise<void> {
    if (role === Role.REPORTER && !agencyId) {
      throw AppException.badInput('A reporter must belong to an agency', { field: 'agencyId' });
    }
    if (agencyId && !(await em.existsBy(AgencyEntity, { id: agencyId }))) {
      throw AppException.badInput('The agency does not exist', { field: 'agencyId' });
    }
  }
}
