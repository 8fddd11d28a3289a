import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, MoreThan } from 'typeorm';

import { AccessPolicy, Action, Actor, RequestMeta, Role } from '@tocsin/access';
import { AuditService } from '@tocsin/audit';
import { UserEntity } from '@tocsin/auth';
import { AppException, Clock } from '@tocsin/core';

import {
  LayerRestrictionInput,
  OverrideInput,
  RotationLayerInput,
  TeamInput,
  TeamMemberInput,
} from './oncall.model';
import { coverage, CoverageSegment, onCallAt, ScheduleDefinition, validateLayer } from './schedule-math';
import {
  RotationLayerEntity,
  ScheduleEntity,
  ScheduleOverrideEntity,
  TeamEntity,
  TeamMemberEntity,
} from './team.entity';
import { OncallAuditAction } from './oncall-audit-actions';

const HORIZON_MS = 92 * 86_400_000;

/** Teams, their members and on-call schedules; "who is on call for team X at time T". */
@Injectable()
export class OncallService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async teams(actor: Actor): Promise<TeamEntity[]> {
    if (!AccessPolicy.can(actor, Action.ReadTeams)) return [];
    return this.dataSource.getRepository(TeamEntity).find({ order: { name: 'ASC' } });
  }

  async team(actor: Actor, id: string): Promise<TeamEntity> {
    const team = AccessPolicy.can(actor, Action.ReadTeams)
      ? await this.dataSource.getRepository(TeamEntity).findOneBy({ id })
      : null;
    if (!team) throw AppException.notFound('Team', id);
    return team;
  }

  async members(actor: Actor, teamId: string): Promise<TeamMemberEntity[]> {
    if (!AccessPolicy.can(actor, Action.ReadTeams)) return [];
    return this.dataSource
      .getRepository(TeamMemberEntity)
      .find({ where: { teamId }, order: { addedAt: 'ASC' } });
  }

  async schedules(actor: Actor, teamId: string): Promise<ScheduleEntity[]> {
    if (!AccessPolicy.can(actor, Action.ReadTeams)) return [];
    return this.dataSource.getRepository(ScheduleEntity).find({ where: { teamId }, order: { name: 'ASC' } });
  }

  async layers(actor: Actor, scheduleId: string): Promise<RotationLayerEntity[]> {
    if (!AccessPolicy.can(actor, Action.ReadTeams)) return [];
    return this.dataSource
      .getRepository(RotationLayerEntity)
      .find({ where: { scheduleId }, order: { position: 'ASC' } });
  }

  async overrides(actor: Actor, scheduleId: string): Promise<ScheduleOverrideEntity[]> {
    if (!AccessPolicy.can(actor, Action.ReadTeams)) return [];
    return this.dataSource.getRepository(ScheduleOverrideEntity).find({
      where: { scheduleId, endsAt: MoreThan(this.clock.now()) },
      order: { startsAt: 'ASC' },
    });
  }

  createTeam(actor: Actor, meta: RequestMeta, input: TeamInput): Promise<TeamEntity> {
    AccessPolicy.assert(actor, Action.ManageTeams);
    return this.dataSource.transaction(async (em) => {
      if (await em.existsBy(TeamEntity, { name: input.name.trim() })) {
        throw AppException.conflict('A team with this name already exists', { field: 'name' });
      }
      const team = await em.save(
        em.create(TeamEntity, { name: input.name.trim(), description: input.description ?? null }),
      );
      await this.audit.append(em, {
        actor,
        action: OncallAuditAction.TeamCreated,
        entityType: 'team',
        entityId: team.id,
        after: { ...team },
        meta,
      });
      return team;
    });
  }

  addMember(
    actor: Actor,
    meta: RequestMeta,
    teamId: string,
    input: TeamMemberInput,
  ): Promise<TeamMemberEntity> {
    AccessPolicy.assert(actor, Action.ManageTeams);
    return this.dataSource.transaction(async (em) => {
      await this.lockTeam(em, teamId);
      const user = await em.findOneBy(UserEntity, { id: input.userId });
      if (!user?.active || ![Role.RESPONDER, Role.COORDINATOR, Role.LEADER].includes(user.role)) {
        throw AppException.badInput('Team members are active responders, coordinators or leaders', {
          field: 'userId',
        });
      }
      await em.upsert(TeamMemberEntity, { teamId, userId: input.userId, isLead: input.isLead }, [
        'teamId',
        'userId',
      ]);
      await this.audit.append(em, {
        actor,
        action: OncallAuditAction.TeamMemberAdded,
        entityType: 'team',
        entityId: teamId,
        after: { ...input },
        meta,
      });
      return em.findOneByOrFail(TeamMemberEntity, { teamId, userId: input.userId });
    });
  }

  removeMember(actor: Actor, meta: RequestMeta, teamId: string, userId: string): Promise<boolean> {
    AccessPolicy.assert(actor, Action.ManageTeams);
    return this.dataSource.transaction(async (em) => {
      await this.lockTeam(em, teamId);
      const result = await em.delete(TeamMemberEntity, { teamId, userId });
      if (!result.affected) throw AppException.notFound('TeamMember', userId);
      await this.audit.append(em, {
        actor,
        action: OncallAuditAction.TeamMemberRemoved,
        entityType: 'team',
        entityId: teamId,
        before: { userId },
        meta,
      });
      return true;
    });
  }

  createSchedule(actor: Actor, meta: RequestMeta, teamId: string, name: string): Promise<ScheduleEntity> {
    AccessPolicy.assert(actor, Action.ManageSchedules);
    return this.dataSource.transaction(async (em) => {
      await this.lockTeam(em, teamId);
      const schedule = await em.save(em.create(ScheduleEntity, { teamId, name: name.trim() }));
      await this.audit.append(em, {
        actor,
        action: OncallAuditAction.ScheduleCreated,
        entityType: 'schedule',
        entityId: schedule.id,
        after: { ...schedule },
        meta,
      });
      return schedule;
    });
  }

  /** Adds a layer on top of the existing ones (a higher layer wins where it has someone). */
  addLayer(
    actor: Actor,
    meta: RequestMeta,
    scheduleId: string,
    input: RotationLayerInput,
  ): Promise<RotationLayerEntity> {
    AccessPolicy.assert(actor, Action.ManageSchedules);
    return this.dataSource.transaction(async (em) => {
      const schedule = await this.lockSchedule(em, scheduleId);
      await this.checkLayer(em, schedule.teamId, input);
      const [{ next }] = await em.query<{ next: number }[]>(
        'SELECT coalesce(max(position), -1) + 1 AS next FROM rotation_layer WHERE schedule_id = $1',
        [scheduleId],
      );
      const layer = await em.save(
        em.create(RotationLayerEntity, {
          ...input,
          scheduleId,
          position: next,
          restriction: this.restrictionOf(input.restriction),
        }),
      );
      await this.touchSchedule(em, schedule);
      await this.audit.append(em, {
        actor,
        action: OncallAuditAction.ScheduleLayerAdded,
        entityType: 'schedule',
        entityId: scheduleId,
        after: { ...layer },
        meta,
      });
      return layer;
    });
  }

  updateLayer(
    actor: Actor,
    meta: RequestMeta,
    layerId: string,
    input: RotationLayerInput,
  ): Promise<RotationLayerEntity> {
    AccessPolicy.assert(actor, Action.ManageSchedules);
    return this.dataSource.transaction(async (em) => {
      const layer = await em.findOneBy(RotationLayerEntity, { id: layerId });
      if (!layer) throw AppException.notFound('RotationLayer', layerId);
      const schedule = await this.lockSchedule(em, layer.scheduleId);
      await this.checkLayer(em, schedule.teamId, input);
      const before = { ...layer };
      Object.assign(layer, { ...input, restriction: this.restrictionOf(input.restriction) });
      await em.save(layer);
      await this.touchSchedule(em, schedule);
      await this.audit.append(em, {
        actor,
        action: OncallAuditAction.ScheduleLayerUpdated,
        entityType: 'schedule',
        entityId: schedule.id,
        before,
        after: { ...layer },
        meta,
      });
      return layer;
    });
  }

  deleteLayer(actor: Actor, meta: RequestMeta, layerId: string): Promise<boolean> {
    AccessPolicy.assert(actor, Action.ManageSchedules);
    return this.dataSource.transaction(async (em) => {
      const layer = await em.findOneBy(RotationLayerEntity, { id: layerId });
      if (!layer) throw AppException.notFound('RotationLayer', layerId);
      const schedule = await this.lockSchedule(em, layer.scheduleId);
      await em.delete(RotationLayerEntity, { id: layerId });
      await this.touchSchedule(em, schedule);
      await this.audit.append(em, {
        actor,
        action: OncallAuditAction.ScheduleLayerDeleted,
        entityType: 'schedule',
        entityId: schedule.id,
        before: { ...layer },
        meta,
      });
      return true;
    });
  }

  addOverride(
    actor: Actor,
    meta: RequestMeta,
    scheduleId: string,
    input: OverrideInput,
  ): Promise<ScheduleOverrideEntity> {
    AccessPolicy.assert(actor, Action.ManageSchedules);
    if (input.endsAt <= input.startsAt)
      throw AppException.badInput('endsAt must be after startsAt', { field: 'endsAt' });
    if (input.endsAt.getTime() - input.startsAt.getTime() > HORIZON_MS) {
      throw AppException.badInput('An override lasts at most 92 days', { field: 'endsAt' });
    }
    if (input.endsAt <= this.clock.now())
      throw AppException.badInput('The override is already over', { field: 'endsAt' });
    return this.dataSource.transaction(async (em) => {
      const schedule = await this.lockSchedule(em, scheduleId);
      await this.checkMembers(em, schedule.teamId, [input.userId], 'userId');
      const override = await em.save(
        em.create(ScheduleOverrideEntity, {
          scheduleId,
          userId: input.userId,
          startsAt: input.startsAt,
          endsAt: input.endsAt,
          reason: input.reason ?? null,
          createdById: actor.kind === 'user' ? actor.id : null,
        }),
      );
      await this.touchSchedule(em, schedule);
      await this.audit.append(em, {
        actor,
        action: OncallAuditAction.ScheduleOverrideAdded,
        entityType: 'schedule',
        entityId: scheduleId,
        after: { ...override },
        meta,
      });
      return override;
    });
  }

  deleteOverride(actor: Actor, meta: RequestMeta, overrideId: string): Promise<boolean> {
    AccessPolicy.assert(actor, Action.ManageSchedules);
    return this.dataSource.transaction(async (em) => {
      const override = await em.findOneBy(ScheduleOverrideEntity, { id: overrideId });
      if (!override) throw AppException.notFound('ScheduleOverride', overrideId);
      const schedule = await this.lockSchedule(em, override.scheduleId);
      await em.delete(ScheduleOverrideEntity, { id: overrideId });
      await this.touchSchedule(em, schedule);
      await this.audit.append(em, {
        actor,
        action: OncallAuditAction.ScheduleOverrideDeleted,
        entityType: 'schedule',
        entityId: schedule.id,
        before: { ...override },
        meta,
      });
      return true;
    });
  }

  /** Who is on call for a team at `at` (now by default): the union over the team's schedules. */
  async onCall(actor: Actor, teamId: string, at?: Date): Promise<UserEntity[]> {
    await this.team(actor, teamId);
    const when = at ?? this.clock.now();
    const definitions = await this.definitionsOf(this.dataSource.manager, teamId, when, when);
    const ids = [...new Set(definitions.flatMap((d) => onCallAt(d, when).userIds))];
    if (!ids.length) return [];
    const users = await this.dataSource.getRepository(UserEntity).findBy({ id: In(ids), active: true });
    return ids.map((id) => users.find((u) => u.id === id)).filter((u): u is UserEntity => Boolean(u));
  }

  async scheduleCoverage(actor: Actor, scheduleId: string, from: Date, to: Date): Promise<CoverageSegment[]> {
    if (!AccessPolicy.can(actor, Action.ReadTeams)) throw AppException.notFound('Schedule', scheduleId);
    if (to <= from) throw AppException.badInput('to must be after from', { field: 'to' });
    if (to.getTime() - from.getTime() > HORIZON_MS)
      throw AppException.badInput('At most 92 days at a time', { field: 'to' });
    const schedule = await this.dataSource.getRepository(ScheduleEntity).findOneBy({ id: scheduleId });
    if (!schedule) throw AppException.notFound('Schedule', scheduleId);
    const [definition] = await this.definitionsOf(
      this.dataSource.manager,
      schedule.teamId,
      from,
      to,
      scheduleId,
    );
    return coverage(definition, from, to);
  }

  /** The team's schedules as pure definitions, with the overrides that touch [from, to]. */
  async definitionsOf(
    em: EntityManager,
    teamId: string,
    from: Date,
    to: Date,
    onlyScheduleId?: string,
  ): Promise<ScheduleDefinition[]> {
    const schedules = await em.find(ScheduleEntity, {
      where: onlyScheduleId ? { id: onlyScheduleId } : { teamId },
    });
    if (!schedules.length) return [];
    const ids = schedules.map((s) => s.id);
    const layers = await em.find(RotationLayerEntity, {
      where: { scheduleId: In(ids) },
      order: { position: 'ASC' },
    });
    const overrides = await em
      .createQueryBuilder(ScheduleOverrideEntity, 'o')
      .where('o.schedule_id IN (:...ids) AND o.ends_at > :from AND o.starts_at <= :to', { ids, from, to })
      .getMany();
    return schedules.map((s) => ({
      layers: layers
        .filter((l) => l.scheduleId === s.id)
        .map((l) => ({ ...l, restriction: l.restriction ?? null, participants: l.participantIds })),
      overrides: overrides
        .filter((o) => o.scheduleId === s.id)
        .map((o) => ({ userId: o.userId, start: o.startsAt, end: o.endsAt })),
    }));
  }

  private restrictionOf(r: LayerRestrictionInput | undefined): RotationLayerEntity['restriction'] {
    return r
      ? {
          startTime: r.startTime,
          endTime: r.endTime,
          ...(r.weekdays?.length ? { weekdays: r.weekdays } : {}),
        }
      : null;
  }

  private async checkLayer(em: EntityManager, teamId: string, input: RotationLayerInput): Promise<void> {
    const problems = validateLayer({
      ...input,
      id: 'new',
      participants: input.participantIds,
      restriction: this.restrictionOf(input.restriction),
    });
    if (problems.length)
      throw AppException.badInput(`Invalid rotation layer: ${problems.join('; ')}`, { problems });
    await this.checkMembers(em, teamId, input.participantIds, 'participantIds');
  }

  /** On-call people must be members of the team. */
  private async checkMembers(
    em: EntityManager,
    teamId: string,
    userIds: string[],
    field: string,
  ): Promise<void> {
    const members = await em.findBy(TeamMemberEntity, { teamId, userId: In(userIds) });
    const missing = userIds.filter((u) => !members.some((m) => m.userId === u));
    if (missing.length)
      throw AppException.badInput('Everyone on a schedule must be a member of the team', { field, missing });
  }

  private async lockTeam(em: EntityManager, teamId: string): Promise<TeamEntity> {
    const team = await em.findOne(TeamEntity, { where: { id: teamId }, lock: { mode: 'pessimistic_write' } });
    if (!team) throw AppException.notFound('Team', teamId);
    return team;
  }

  private async lockSchedule(em: EntityManager, scheduleId: string): Promise<ScheduleEntity> {
    const schedule = await em.findOne(ScheduleEntity, {
      where: { id: scheduleId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!schedule) throw AppException.notFound('Schedule', scheduleId);
    return schedule;
  }

  /** Bumps the schedule's version: any change to its layers or overrides is a change to it. */
  private async touchSchedule(em: EntityManager, schedule: ScheduleEntity): Promise<void> {
    schedule.updatedAt = this.clock.now();
    await em.save(schedule);
  }
}
