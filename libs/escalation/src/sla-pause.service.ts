import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';

import { Actor, IncidentAccess, IncidentAction, RequestMeta } from '@tocsin/access';
import { AuditService } from '@tocsin/audit';
import { AppException, Clock, ErrorCode, writeOutbox } from '@tocsin/core';
import {
  IncidentEntity,
  IncidentParticipantEntity,
  OPEN_STATUSES,
  TimelineEntryEntity,
  TimelineKind,
} from '@tocsin/incidents';

import { SlaPolicyService } from './sla-policy.service';
import { IncidentSlaPauseEntity } from './sla.entity';

/** What the audit trail records of an incident (the search text is never loaded here). */
function snapshot(incident: IncidentEntity): Record<string, unknown> {
  const { searchText: _searchText, ...rest } = incident;
  return { ...rest };
}

/**
 * Stops and restarts an incident's SLA clocks (e.g. while waiting on the agency). Same shape as
 * IncidentsService's changes, in one transaction: lock the incident row, ask IncidentAccess (the
 * coordinator-only Reclassify rule), check the status, write the pause, recompute the due times,
 * bump the version, timeline, outbox, and the audit event last.
 */
@Injectable()
export class SlaPauseService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly policies: SlaPolicyService,
  ) {}

  pause(actor: Actor, meta: RequestMeta, incidentId: string, reason: string): Promise<IncidentEntity> {
    return this.change(actor, meta, incidentId, async (em, incident, now) => {
      if (await em.existsBy(IncidentSlaPauseEntity, { incidentId, endedAt: IsNull() })) {
        throw AppException.conflict('The SLA clock of this incident is already paused');
      }
      const pause = await em.save(
        em.create(IncidentSlaPauseEntity, {
          incidentId,
          startedAt: now,
          endedAt: null,
          reason,
          startedById: actor.kind === 'user' ? actor.id : null,
          endedById: null,
        }),
      );
      return {
        action: 'incident.sla_paused',
        kind: TimelineKind.SLA_PAUSED,
        data: { pauseId: pause.id, reason },
      };
    });
  }

  resume(actor: Actor, meta: RequestMeta, incidentId: string): Promise<IncidentEntity> {
    return this.change(actor, meta, incidentId, async (em, _incident, now) => {
      const pause = await em.findOneBy(IncidentSlaPauseEntity, {
        incidentId,
        endedAt: IsNull(),
      });
      if (!pause) throw AppException.conflict('The SLA clock of this incident is not paused');
      pause.endedAt = now;
      pause.endedById = actor.kind === 'user' ? actor.id : null;
      await em.save(pause);
      return {
        action: 'incident.sla_resumed',
        kind: TimelineKind.SLA_RESUMED,
        data: { pauseId: pause.id, pausedMs: now.getTime() - pause.startedAt.getTime() },
      };
    });
  }

  async pausesByIncident(ids: readonly string[]): Promise<IncidentSlaPauseEntity[]> {
    return this.dataSource.getRepository(IncidentSlaPauseEntity).find({
      where: { incidentId: In([...ids]) },
      order: { startedAt: 'ASC' },
    });
  }

  private change(
    actor: Actor,
    meta: RequestMeta,
    incidentId: string,
    apply: (
      em: EntityManager,
      incident: IncidentEntity,
      now: Date,
    ) => Promise<{ action: string; kind: TimelineKind; data: Record<string, unknown> }>,
  ): Promise<IncidentEntity> {
    return this.dataSource.transaction(async (em) => {
      // SELECT … FOR UPDATE: queues behind (and ahead of) IncidentsService's changes to the case.
      const incident = await em.findOne(IncidentEntity, {
        where: { id: incidentId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!incident) throw AppException.notFound('Incident', incidentId);
      const participants = await em.find(IncidentParticipantEntity, {
        where: { incidentId },
        select: { userId: true },
      });
      const subject = {
        agencyId: incident.agencyId,
        tlp: incident.tlp,
        reporterId: incident.reporterId,
        assigneeId: incident.assigneeId,
        participantIds: participants.map((p) => p.userId),
      };
      if (!IncidentAccess.canSee(actor, subject)) throw AppException.notFound('Incident', incidentId);
      IncidentAccess.assert(actor, IncidentAction.Reclassify, subject);
      if (!OPEN_STATUSES.includes(incident.status)) {
        throw new AppException(
          ErrorCode.INVALID_TRANSITION,
          `Cannot pause or resume the SLA clock of an incident that is ${incident.status}`,
          { currentStatus: incident.status },
        );
      }
      const before = snapshot(incident);
      const now = this.clock.now();
      const effect = await apply(em, incident, now);
      const { ackDueAt, resolveDueAt } = await this.policies.deadlinesOf(em, incident);
      Object.assign(incident, { ackDueAt, resolveDueAt, updatedAt: now });
      await em.save(incident);
      if (actor.kind === 'user') {
        await em
          .createQueryBuilder()
          .insert()
          .into(IncidentParticipantEntity)
          .values({ incidentId, userId: actor.id })
          .orIgnore()
          .execute();
      }
      const data: Record<string, unknown> = {
        ...effect.data,
        ackDueAt: incident.ackDueAt?.toISOString() ?? null,
        resolveDueAt: incident.resolveDueAt?.toISOString() ?? null,
      };
      await em.save(
        em.create(TimelineEntryEntity, {
          incidentId,
          kind: effect.kind,
          actorId: actor.kind === 'user' ? actor.id : null,
          internal: true,
          data,
        }),
      );
      await writeOutbox(em, [
        {
          aggregateType: 'incident',
          aggregateId: incidentId,
          eventType: effect.action,
          payload: { status: incident.status, version: incident.version, internal: true },
        },
      ]);
      // Last, so the chain-head lock is held only until the commit.
      await this.audit.append(em, {
        actor,
        action: effect.action,
        entityType: 'incident',
        entityId: incidentId,
        before,
        after: { ...snapshot(incident), slaPause: effect.data },
        meta,
      });
      return incident;
    });
  }
}
