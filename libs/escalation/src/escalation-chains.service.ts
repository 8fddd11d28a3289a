import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';

import { AccessPolicy, Action, Actor, RequestMeta } from '@tocsin/access';
import { AuditService } from '@tocsin/audit';
import { UserEntity } from '@tocsin/auth';
import { APP_CONFIG, AppConfig, AppException, Clock } from '@tocsin/core';
import { NOTIFICATION_REQUESTER, NotificationChannel, NotificationRequester } from '@tocsin/notifications';
import { CoverageSegment, coverage, OncallService, TeamEntity, TeamMemberEntity } from '@tocsin/oncall';

import { EscalationTargetResolver, PAGEABLE_ROLES } from './engine/escalation-targets';
import {
  EscalationChainEntity,
  EscalationPolicyEntity,
  EscalationStepEntity,
  EscalationTarget,
  IncidentEscalationEntity,
} from './escalation.entity';
import { EscalationTargetKind } from './escalation.enums';
import {
  ChainReadinessModel,
  EscalationChainInput,
  EscalationChainModel,
  EscalationPolicyInput,
  EscalationPolicyModel,
  EscalationReadinessModel,
  EscalationTargetInput,
  IncidentEscalationModel,
  ReadinessGapModel,
  TeamReadinessModel,
} from './escalation.model';
import { EscalationConfigAuditAction } from './escalation-audit-actions';

const DAY_MS = 86_400_000;
const OUTSIDE_CHANNELS = [
  NotificationChannel.EMAIL,
  NotificationChannel.TELEGRAM,
  NotificationChannel.ZALO,
  NotificationChannel.WEB_PUSH,
];

/** Instants where nobody is on call in any of the given coverages (the team's schedules together). */
export function teamGaps(coverages: CoverageSegment[][], from: Date, to: Date): ReadinessGapModel[] {
  if (!coverages.length) return [{ start: from, end: to }];
  const points = [
    ...new Set([from, to, ...coverages.flat().flatMap((s) => [s.start, s.end])].map((d) => d.getTime())),
  ]
    .filter((t) => t >= from.getTime() && t <= to.getTime())
    .sort((a, b) => a - b);
  const gaps: ReadinessGapModel[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const mid = (points[i] + points[i + 1]) / 2;
    const covered = coverages.some((segments) =>
      segments.some((s) => s.start.getTime() <= mid && mid < s.end.getTime() && s.userIds.length > 0),
    );
    if (covered) continue;
    const last = gaps[gaps.length - 1];
    if (last && last.end.getTime() === points[i]) last.end = new Date(points[i + 1]);
    else gaps.push({ start: new Date(points[i]), end: new Date(points[i + 1]) });
  }
  return gaps;
}

/**
 * Escalation chains (ordered steps, replaced as a whole on update) and the policies that pick
 * them; the readiness check that finds steps which would reach nobody before an incident does.
 */
@Injectable()
export class EscalationChainsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly oncall: OncallService,
    private readonly targets: EscalationTargetResolver,
    @Inject(NOTIFICATION_REQUESTER) private readonly notifier: NotificationRequester,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async chains(actor: Actor): Promise<EscalationChainModel[]> {
    AccessPolicy.assert(actor, Action.ReadEscalation);
    return this.loadChains(this.dataSource.manager);
  }

  async policies(actor: Actor): Promise<EscalationPolicyModel[]> {
    AccessPolicy.assert(actor, Action.ReadEscalation);
    return this.dataSource.getRepository(EscalationPolicyEntity).find({ order: { createdAt: 'ASC' } });
  }

  createChain(actor: Actor, meta: RequestMeta, input: EscalationChainInput): Promise<EscalationChainModel> {
    AccessPolicy.assert(actor, Action.ManageEscalation);
    return this.dataSource.transaction(async (em) => {
      await this.checkInput(em, input);
      await this.checkNameFree(em, input.name);
      if (input.isDefault) await this.clearDefault(em);
      const chain = await em.save(
        em.create(EscalationChainEntity, {
          name: input.name,
          description: input.description,
          repeatCount: input.repeatCount,
          isDefault: input.isDefault,
        }),
      );
      await this.writeSteps(em, chain.id, input);
      const [model] = await this.loadChains(em, [chain.id]);
      await this.audit.append(em, {
        actor,
        action: EscalationConfigAuditAction.ChainCreated,
        entityType: 'escalation_chain',
        entityId: chain.id,
        before: null,
        after: { ...model },
        meta,
      });
      return model;
    });
  }

  updateChain(
    actor: Actor,
    meta: RequestMeta,
    id: string,
    input: EscalationChainInput,
  ): Promise<EscalationChainModel> {
    AccessPolicy.assert(actor, Action.ManageEscalation);
    if (input.version === undefined) {
      throw AppException.badInput('version is required when updating a chain', { field: 'version' });
    }
    return this.dataSource.transaction(async (em) => {
      const chain = await em.findOne(EscalationChainEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!chain) throw AppException.notFound('EscalationChain', id);
      if (chain.version !== input.version) {
        throw AppException.conflict('The chain was changed by someone else; reload and try again', {
          currentVersion: chain.version,
          expectedVersion: input.version,
        });
      }
      if (chain.isDefault && !input.isDefault) {
        throw AppException.badInput(
          'A default chain must always exist: make another chain the default instead',
          {
            field: 'isDefault',
          },
        );
      }
      await this.checkInput(em, input);
      if (input.name !== chain.name) await this.checkNameFree(em, input.name);
      const [before] = await this.loadChains(em, [id]);
      if (input.isDefault && !chain.isDefault) await this.clearDefault(em);
      Object.assign(chain, {
        name: input.name,
        description: input.description,
        repeatCount: input.repeatCount,
        isDefault: input.isDefault,
        updatedAt: this.clock.now(),
      });
      await em.save(chain);
      await em.delete(EscalationStepEntity, { chainId: id });
      await this.writeSteps(em, id, input);
      const [after] = await this.loadChains(em, [id]);
      await this.audit.append(em, {
        actor,
        action: EscalationConfigAuditAction.ChainUpdated,
        entityType: 'escalation_chain',
        entityId: id,
        before: { ...before },
        after: { ...after },
        meta,
      });
      return after;
    });
  }

  deleteChain(actor: Actor, meta: RequestMeta, id: string): Promise<boolean> {
    AccessPolicy.assert(actor, Action.ManageEscalation);
    return this.dataSource.transaction(async (em) => {
      const chain = await em.findOne(EscalationChainEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!chain) throw AppException.notFound('EscalationChain', id);
      if (chain.isDefault) throw AppException.conflict('The default chain cannot be deleted');
      if (await em.existsBy(EscalationPolicyEntity, { chainId: id })) {
        throw AppException.conflict('Policies still pick this chain; delete or change them first');
      }
      const [before] = await this.loadChains(em, [id]);
      // Running escalations keep their snapshot of the steps; deleting the chain does not stop them.
      await em.delete(EscalationChainEntity, { id });
      await this.audit.append(em, {
        actor,
        action: EscalationConfigAuditAction.ChainDeleted,
        entityType: 'escalation_chain',
        entityId: id,
        before: { ...before },
        after: null,
        meta,
      });
      return true;
    });
  }

  createPolicy(
    actor: Actor,
    meta: RequestMeta,
    input: EscalationPolicyInput,
  ): Promise<EscalationPolicyModel> {
    AccessPolicy.assert(actor, Action.ManageEscalation);
    return this.dataSource.transaction(async (em) => {
      if (!(await em.existsBy(EscalationChainEntity, { id: input.chainId }))) {
        throw AppException.badInput('The chain does not exist', { field: 'chainId' });
      }
      if (input.agencyId) {
        const rows = await em.query<unknown[]>('SELECT 1 FROM agency WHERE id = $1', [input.agencyId]);
        if (!rows.length) throw AppException.badInput('The agency does not exist', { field: 'agencyId' });
      }
      if (!input.severity && !input.category && !input.agencyId) {
        throw AppException.badInput(
          'A policy needs a severity, a category or an agency (the default chain covers the rest)',
          { field: 'severity' },
        );
      }
      const clash = await em.query<unknown[]>(
        `SELECT 1 FROM escalation_policy WHERE severity IS NOT DISTINCT FROM $1
           AND category IS NOT DISTINCT FROM $2 AND agency_id IS NOT DISTINCT FROM $3`,
        [input.severity ?? null, input.category ?? null, input.agencyId ?? null],
      );
      if (clash.length)
        throw AppException.conflict('A policy with the same severity, category and agency exists');
      const policy = await em.save(
        em.create(EscalationPolicyEntity, {
          chainId: input.chainId,
          severity: input.severity ?? null,
          category: input.category ?? null,
          agencyId: input.agencyId ?? null,
        }),
      );
      await this.audit.append(em, {
        actor,
        action: EscalationConfigAuditAction.PolicyCreated,
        entityType: 'escalation_policy',
        entityId: policy.id,
        before: null,
        after: { ...policy },
        meta,
      });
      return policy;
    });
  }

  deletePolicy(actor: Actor, meta: RequestMeta, id: string): Promise<boolean> {
    AccessPolicy.assert(actor, Action.ManageEscalation);
    return this.dataSource.transaction(async (em) => {
      const policy = await em.findOneBy(EscalationPolicyEntity, { id });
      if (!policy) throw AppException.notFound('EscalationPolicy', id);
      await em.delete(EscalationPolicyEntity, { id });
      await this.audit.append(em, {
        actor,
        action: EscalationConfigAuditAction.PolicyDeleted,
        entityType: 'escalation_policy',
        entityId: id,
        before: { ...policy },
        after: null,
        meta,
      });
      return true;
    });
  }

  /** Escalation state of incidents the caller already may see (DataLoader batch). */
  async escalationsOf(incidentIds: readonly string[]): Promise<IncidentEscalationModel[]> {
    const rows = await this.dataSource
      .getRepository(IncidentEscalationEntity)
      .findBy({ incidentId: In([...incidentIds]) });
    return rows.map((r) => ({
      incidentId: r.incidentId,
      chainId: r.chain.chainId,
      chainName: r.chain.name,
      run: r.run,
      stepIndex: r.stepIndex,
      repeat: r.repeat,
      stepCount: r.chain.steps.length,
      nextAt: r.nextAt,
      startedAt: r.startedAt,
      stoppedAt: r.stoppedAt,
      stopReason: r.stopReason,
    }));
  }

  /**
   * For every chain and team: which steps would reach nobody now, where on-call schedules leave
   * gaps within the horizon, and who has no verified way to be reached outside the app.
   */
  async readiness(actor: Actor, days: number): Promise<EscalationReadinessModel> {
    AccessPolicy.assert(actor, Action.ReadEscalation);
    const em = this.dataSource.manager;
    const from = this.clock.now();
    const to = new Date(from.getTime() + days * DAY_MS);
    const teams = await em.find(TeamEntity, { order: { name: 'ASC' } });
    const gapsByTeam = new Map<string, ReadinessGapModel[]>();
    for (const team of teams) {
      const definitions = await this.oncall.definitionsOf(em, team.id, from, to);
      gapsByTeam.set(
        team.id,
        teamGaps(
          definitions.map((d) => coverage(d, from, to)),
          from,
          to,
        ),
      );
    }
    const chains: ChainReadinessModel[] = [];
    for (const chain of await this.loadChains(em)) {
      const steps = [];
      for (const step of chain.steps) {
        const people = await this.targets.resolve(em, step.targets, null, from);
        const reachable = await this.notifier.reachable(em, people, step.channels);
        // In-app alone wakes nobody at 3 a.m.: a step counts as reaching someone only outside the
        // app, unless the installation really works in the app (NOTIFY_IN_APP_REACHES).
        const outside = [...reachable.values()].some((channels) =>
          channels.some((c) => c !== NotificationChannel.IN_APP),
        );
        const reaches = reachable.size > 0 && (outside || this.config.notifications.inAppReaches);
        const onCallTeams = step.targets
          .filter((t) => t.kind === EscalationTargetKind.TEAM_ON_CALL)
          .flatMap((t) => (t.teamId ? [t.teamId] : teams.map((team) => team.id)));
        const onCallGaps = onCallTeams.flatMap((id) => gapsByTeam.get(id) ?? []);
        steps.push({
          position: step.position,
          reachesNobodyNow: !reaches,
          reason: reaches
            ? null
            : reachable.size
              ? 'ONLY_IN_APP'
              : people.length
                ? 'NO_USABLE_CONTACT_METHOD'
                : 'NOBODY_TO_NOTIFY',
          onCallGaps,
        });
      }
      chains.push({
        chainId: chain.id,
        chainName: chain.name,
        steps,
        ready: steps.every((s) => !s.reachesNobodyNow && !s.onCallGaps.length),
      });
    }
    const teamModels: TeamReadinessModel[] = [];
    for (const team of teams) {
      const members = await em.find(TeamMemberEntity, { where: { teamId: team.id } });
      const memberIds = members.map((m) => m.userId);
      const verified = await this.notifier.reachable(em, memberIds, OUTSIDE_CHANNELS);
      const users = memberIds.length ? await em.findBy(UserEntity, { id: In(memberIds), active: true }) : [];
      const unverified = users.filter((u) => !verified.has(u.id));
      const onCallNow = new Set(
        await this.targets.resolve(
          em,
          [{ kind: EscalationTargetKind.TEAM_ON_CALL, teamId: team.id }],
          null,
          from,
        ),
      );
      const toUser = (u: UserEntity) => ({ id: u.id, displayName: u.displayName, email: u.email });
      teamModels.push({
        teamId: team.id,
        teamName: team.name,
        gaps: gapsByTeam.get(team.id) ?? [],
        membersWithoutVerifiedContact: unverified.map(toUser),
        onCallNowWithoutVerifiedContact: unverified.filter((u) => onCallNow.has(u.id)).map(toUser),
      });
    }
    return { from, to, chains, teams: teamModels };
  }

  // ---------------------------------------------------------------------------------------------

  private async loadChains(em: EntityManager, ids?: string[]): Promise<EscalationChainModel[]> {
    const chains = await em.find(EscalationChainEntity, {
      where: ids ? { id: In(ids) } : {},
      order: { isDefault: 'DESC', name: 'ASC' },
    });
    if (!chains.length) return [];
    const steps = await em.find(EscalationStepEntity, {
      where: { chainId: In(chains.map((c) => c.id)) },
      order: { position: 'ASC' },
    });
    return chains.map((c) => ({
      ...c,
      steps: steps
        .filter((s) => s.chainId === c.id)
        .map((s) => ({ ...s, targets: s.targets.map((t) => ({ ...t })) })),
    }));
  }

  private async writeSteps(em: EntityManager, chainId: string, input: EscalationChainInput): Promise<void> {
    await em.insert(
      EscalationStepEntity,
      input.steps.map((step, position) => ({
        chainId,
        position,
        delaySeconds: step.delaySeconds,
        targets: step.targets.map((t) => this.normaliseTarget(t)),
        channels: [...new Set(step.channels)],
      })),
    );
  }

  private normaliseTarget(t: EscalationTargetInput): EscalationTarget {
    switch (t.kind) {
      case EscalationTargetKind.USER:
        return { kind: t.kind, userId: t.userId };
      case EscalationTargetKind.ROLE:
        return { kind: t.kind, role: t.role };
      case EscalationTargetKind.TEAM:
      case EscalationTargetKind.TEAM_ON_CALL:
        return { kind: t.kind, teamId: t.teamId ?? null };
    }
  }

  /** Every target must name what its kind needs, and what it names must exist. */
  private async checkInput(em: EntityManager, input: EscalationChainInput): Promise<void> {
    for (const [i, step] of input.steps.entries()) {
      for (const t of step.targets) {
        const field = `steps.${i}.targets`;
        if (t.kind === EscalationTargetKind.USER) {
          if (!t.userId) throw AppException.badInput('A USER target needs userId', { field });
          const user = await em.findOneBy(UserEntity, { id: t.userId });
          if (!user || !user.active)
            throw AppException.badInput('The user does not exist or is inactive', { field });
          if (!PAGEABLE_ROLES.includes(user.role)) {
            throw AppException.badInput('Agency contacts (REPORTER) cannot be escalation targets', { field });
          }
        }
        if (t.kind === EscalationTargetKind.ROLE) {
          if (!t.role || !PAGEABLE_ROLES.includes(t.role)) {
            throw AppException.badInput('A ROLE target needs one of ADMIN, COORDINATOR, RESPONDER, LEADER', {
              field,
            });
          }
        }
        if (
          (t.kind === EscalationTargetKind.TEAM || t.kind === EscalationTargetKind.TEAM_ON_CALL) &&
          t.teamId
        ) {
          if (!(await em.existsBy(TeamEntity, { id: t.teamId }))) {
            throw AppException.badInput('The team does not exist', { field });
          }
        }
      }
    }
  }

  private async checkNameFree(em: EntityManager, name: string): Promise<void> {
    if (await em.existsBy(EscalationChainEntity, { name })) {
      throw AppException.conflict(`A chain named "${name}" exists`);
    }
  }

  private async clearDefault(em: EntityManager): Promise<void> {
    await em.update(EscalationChainEntity, { isDefault: true }, { isDefault: false });
  }
}
