import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';

import { AccessPolicy, Action, Actor, RequestMeta } from '@tocsin/access';
import { AuditAction, AuditService, changedFields } from '@tocsin/audit';
import { AppException } from '@tocsin/core';

import { AgencyEntity, AgencyKind, InformationSystemEntity } from './agency.entity';
import { CreateAgencyInput, InformationSystemInput, UpdateAgencyInput } from './agency.input';

/** Which kind of agency may sit under which (province → department/district → commune). */
const ALLOWED_PARENT: Record<AgencyKind, AgencyKind | null> = {
  [AgencyKind.PROVINCE]: null,
  [AgencyKind.DEPARTMENT]: AgencyKind.PROVINCE,
  [AgencyKind.DISTRICT]: AgencyKind.PROVINCE,
  [AgencyKind.COMMUNE]: AgencyKind.DISTRICT,
};

@Injectable()
export class AgenciesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor): Promise<AgencyEntity[]> {
    const scope = AccessPolicy.rowScope(actor, Action.ReadAgency);
    const repo = this.dataSource.getRepository(AgencyEntity);
    switch (scope.kind) {
      case 'all':
        return repo.find({ order: { code: 'ASC' } });
      case 'agency':
        return repo.find({ where: { id: scope.agencyId } });
      case 'self':
      case 'none':
        return [];
    }
  }

  async get(actor: Actor, id: string): Promise<AgencyEntity> {
    const agency = await this.dataSource.getRepository(AgencyEntity).findOneBy({ id });
    // Hide existence from those who may not read it.
    if (!agency || !AccessPolicy.can(actor, Action.ReadAgency, { agencyId: agency.id })) {
      throw AppException.notFound('Agency', id);
    }
    return agency;
  }

  /** Batch look-up for DataLoaders; rows the actor may not read are left out. */
  async findByIds(actor: Actor, ids: readonly string[]): Promise<AgencyEntity[]> {
    if (!ids.length) return [];
    const rows = await this.dataSource.getRepository(AgencyEntity).findBy({ id: In([...ids]) });
    return rows.filter((a) => AccessPolicy.can(actor, Action.ReadAgency, { agencyId: a.id }));
  }

  async create(actor: Actor, meta: RequestMeta, input: CreateAgencyInput): Promise<AgencyEntity> {
    AccessPolicy.assert(actor, Action.CreateAgency);
    return this.dataSource.transaction(async (em) => {
      await this.checkParent(em, input.kind, input.parentId ?? null, null);
      if (await em.existsBy(AgencyEntity, { code: input.code })) {
        throw AppException.conflict(`An agency with code ${input.code} already exists`, { field: 'code' });
      }
      const agency = await em.save(em.create(AgencyEntity, { ...input, parentId: input.parentId ?? null }));
      await this.audit.append(em, {
        actor,
        action: AuditAction.AgencyCreated,
        entityType: 'agency',
        entityId: agency.id,
        after: { ...agency },
        meta,
      });
      return agency;
    });
  }

  async update(actor: Actor, meta: RequestMeta, id: string, input: UpdateAgencyInput): Promise<AgencyEntity> {
    AccessPolicy.assert(actor, Action.UpdateAgency);
    return this.dataSource.transaction(async (em) => {
      const agency = await em.findOne(AgencyEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!agency) throw AppException.notFound('Agency', id);
      if (agency.version !== input.version) {
        throw AppException.conflict('The agency was changed by someone else; reload and try again', {
          currentVersion: agency.version,
        });
      }
      const before = { ...agency };
      if (input.parentId !== undefined) {
        await this.checkParent(em, agency.kind, input.parentId, agency.id);
        agency.parentId = input.parentId;
      }
      if (input.name !== undefined) agency.name = input.name;
      const saved = await em.save(agency);
      await this.audit.append(em, {
        actor,
        action: AuditAction.AgencyUpdated,
        entityType: 'agency',
        entityId: id,
        ...changedFields(before, saved),
        meta,
      });
      return saved;
    });
  }

  async delete(actor: Actor, meta: RequestMeta, id: string): Promise<boolean> {
    AccessPolicy.assert(actor, Action.DeleteAgency);
    return this.dataSource.transaction(async (em) => {
      const agency = await em.findOne(AgencyEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!agency) throw AppException.notFound('Agency', id);
      if (await em.existsBy(AgencyEntity, { parentId: id })) {
        throw AppException.conflict('The agency has sub-agencies; move or delete them first');
      }
      const [{ users }] = await em.query<{ users: number }[]>(
        'SELECT count(*)::int AS users FROM "user" WHERE agency_id = $1',
        [id],
      );
      if (users > 0) throw AppException.conflict('The agency still has users; move or deactivate them first');
      // Its information systems go with it (ON DELETE CASCADE): record them too.
      const systems = await em.find(InformationSystemEntity, {
        where: { agencyId: id },
        order: { name: 'ASC' },
      });
      await em.delete(AgencyEntity, { id });
      for (const system of systems) {
        await this.audit.append(em, {
          actor,
          action: AuditAction.InformationSystemDeleted,
          entityType: 'information_system',
          entityId: system.id,
          before: { ...system },
          meta,
        });
      }
      await this.audit.append(em, {
        actor,
        action: AuditAction.AgencyDeleted,
        entityType: 'agency',
        entityId: id,
        before: { ...agency },
        meta,
      });
      return true;
    });
  }

  async systems(actor: Actor, agencyId: string): Promise<InformationSystemEntity[]> {
    if (!AccessPolicy.can(actor, Action.ReadAgency, { agencyId })) return [];
    return this.dataSource
      .getRepository(InformationSystemEntity)
      .find({ where: { agencyId }, order: { name: 'ASC' } });
  }

  async addSystem(
    actor: Actor,
    meta: RequestMeta,
    agencyId: string,
    input: InformationSystemInput,
  ): Promise<InformationSystemEntity> {
    AccessPolicy.assert(actor, Action.ManageInformationSystems, { agencyId });
    return this.dataSource.transaction(async (em) => {
      if (!(await em.existsBy(AgencyEntity, { id: agencyId })))
        throw AppException.notFound('Agency', agencyId);
      if (await em.existsBy(InformationSystemEntity, { agencyId, name: input.name })) {
        throw AppException.conflict(`The agency already has a system named ${input.name}`, { field: 'name' });
      }
      const system = await em.save(
        em.create(InformationSystemEntity, { ...input, agencyId, description: input.description ?? null }),
      );
      await this.audit.append(em, {
        actor,
        action: AuditAction.InformationSystemCreated,
        entityType: 'information_system',
        entityId: system.id,
        after: { ...system },
        meta,
      });
      return system;
    });
  }

  async updateSystem(
    actor: Actor,
    meta: RequestMeta,
    id: string,
    input: InformationSystemInput,
  ): Promise<InformationSystemEntity> {
    // Asked before the look-up, so a caller without the right cannot probe which ids exist.
    AccessPolicy.assert(actor, Action.ManageInformationSystems);
    return this.dataSource.transaction(async (em) => {
      const system = await em.findOne(InformationSystemEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!system) throw AppException.notFound('InformationSystem', id);
      AccessPolicy.assert(actor, Action.ManageInformationSystems, { agencyId: system.agencyId });
      const before = { ...system };
      Object.assign(system, { ...input, description: input.description ?? null });
      const saved = await em.save(system);
      await this.audit.append(em, {
        actor,
        action: AuditAction.InformationSystemUpdated,
        entityType: 'information_system',
        entityId: id,
        ...changedFields(before, saved),
        meta,
      });
      return saved;
    });
  }

  async deleteSystem(actor: Actor, meta: RequestMeta, id: string): Promise<boolean> {
    AccessPolicy.assert(actor, Action.ManageInformationSystems);
    return this.dataSource.transaction(async (em) => {
      const system = await em.findOneBy(InformationSystemEntity, { id });
      if (!system) throw AppException.notFound('InformationSystem', id);
      AccessPolicy.assert(actor, Action.ManageInformationSystems, { agencyId: system.agencyId });
      await em.delete(InformationSystemEntity, { id });
      await this.audit.append(em, {
        actor,
        action: AuditAction.InformationSystemDeleted,
        entityType: 'information_system',
        entityId: id,
        before: { ...system },
        meta,
      });
      return true;
    });
  }

  private async checkParent(
    em: EntityManager,
    kind: AgencyKind,
    parentId: string | null,
    selfId: string | null,
  ): Promise<void> {
    const expected = ALLOWED_PARENT[kind];
    if (expected === null) {
      if (parentId) throw AppException.badInput(`A ${kind} has no parent agency`, { field: 'parentId' });
      return;
    }
    if (!parentId) throw AppException.badInput(`A ${kind} needs a parent ${expected}`, { field: 'parentId' });
    if (parentId === selfId)
      throw AppException.badInput('An agency cannot be its own parent', { field: 'parentId' });
    const parent = await em.findOneBy(AgencyEntity, { id: parentId });
    if (!parent) throw AppException.badInput('The parent agency does not exist', { field: 'parentId' });
    if (parent.kind !== expected) {
      throw AppException.badInput(`A ${kind} must sit under a ${expected}, not a ${parent.kind}`, {
        field: 'parentId',
      });
    }
  }
}
