import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull } from 'typeorm';

import { Actor, IncidentAction, RequestMeta } from '@tocsin/access';
import { AppException } from '@tocsin/core';
import {
  IncidentChange,
  IncidentChanges,
  IncidentEntity,
  incidentEvent,
  OPEN_STATUSES,
  snapshot,
  TimelineKind,
} from '@tocsin/incidents';

import { SlaPolicyService } from './sla-policy.service';
import { IncidentSlaPauseEntity } from './sla.entity';

/** The SLA pause actions (audit action and outbox event alike). */
export const SlaPauseAction = {
  Paused: 'incident.sla_paused',
  Resumed: 'incident.sla_resumed',
} as const;
type SlaPauseAction = (typeof SlaPauseAction)[keyof typeof SlaPauseAction];

/**
 * Stops and restarts an incident's SLA clocks (e.g. while waiting on the agency), through
 * IncidentChanges: the case must be open, the coordinator-only Reclassify rule decides; the pause
 * is written, the due times recomputed and the row saved, then timeline, outbox and audit last.
 */
@Injectable()
export class SlaPauseService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly changes: IncidentChanges,
    private readonly policies: SlaPolicyService,
  ) {}

  pause(actor: Actor, meta: RequestMeta, incidentId: string, reason: string): Promise<IncidentEntity> {
    return this.change(actor, meta, incidentId, async ({ em, now }) => {
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
        action: SlaPauseAction.Paused,
        kind: TimelineKind.SLA_PAUSED,
        data: { pauseId: pause.id, reason },
      };
    });
  }

  resume(actor: Actor, meta: RequestMeta, incidentId: string): Promise<IncidentEntity> {
    return this.change(actor, meta, incidentId, async ({ em, now }) => {
      const pause = await em.findOneBy(IncidentSlaPauseEntity, {
        incidentId,
        endedAt: IsNull(),
      });
      if (!pause) throw AppException.conflict('The SLA clock of this incident is not paused');
      pause.endedAt = now;
      pause.endedById = actor.kind === 'user' ? actor.id : null;
      await em.save(pause);
      return {
        action: SlaPauseAction.Resumed,
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
      change: IncidentChange,
    ) => Promise<{ action: SlaPauseAction; kind: TimelineKind; data: Record<string, unknown> }>,
  ): Promise<IncidentEntity> {
    const rule = {
      action: IncidentAction.Reclassify,
      guard: { allowed: OPEN_STATUSES, verb: 'pause or resume the SLA clock of' },
    };
    return this.changes.run(actor, meta, incidentId, rule, async (change) => {
      const { em, incident } = change;
      const effect = await apply(change);
      const { ackDueAt, resolveDueAt } = await this.policies.deadlinesOf(em, incident);
      Object.assign(incident, { ackDueAt, resolveDueAt });
      await change.save();
      change.timeline({
        kind: effect.kind,
        data: {
          ...effect.data,
          ackDueAt: incident.ackDueAt?.toISOString() ?? null,
          resolveDueAt: incident.resolveDueAt?.toISOString() ?? null,
        },
      });
      change.emit(
        incidentEvent(effect.action, incidentId, {
          status: incident.status,
          version: incident.version,
          internal: true,
        }),
      );
      change.audit({
        action: effect.action,
        before: change.before,
        after: { ...snapshot(incident), slaPause: effect.data },
      });
      return incident;
    });
  }
}
