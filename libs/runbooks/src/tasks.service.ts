import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import {
  Actor,
  IncidentAccess,
  IncidentSubject,
  RequestMeta,
  Role,
  TaskAccess,
  TaskAction,
} from '@tocsin/access';
import { AuditService } from '@tocsin/audit';
import { AppException, Clock, ErrorCode, writeOutbox } from '@tocsin/core';
import {
  addIncidentParticipants,
  assertAssignable,
  IncidentEntity,
  IncidentStatus,
  LoadedIncident,
  loadIncidentSubject,
  OPEN_STATUSES,
  TimelineEntryEntity,
  TimelineKind,
} from '@tocsin/incidents';

import { RunbookVersionEntity } from './runbook.entity';
import { RunbooksService } from './runbooks.service';
import { IncidentTaskCommentEntity, IncidentTaskEntity } from './task.entity';

export interface TimelineLine {
  kind: TimelineKind;
  internal?: boolean;
  data?: Record<string, unknown>;
}

/** What one task change produces besides the row itself (null: nothing to do). */
interface TaskEffects {
  auditAction: string;
  eventType: string;
  timeline: TimelineLine;
  participants?: (string | null)[];
}

/** Statuses in which a task may still be done, undone or assigned. */
const TASK_FROZEN: IncidentStatus[] = [IncidentStatus.CLOSED, IncidentStatus.REJECTED];

/** Fields the audit trail records for a task. */
function snapshot(task: IncidentTaskEntity): Record<string, unknown> {
  return {
    incidentId: task.incidentId,
    runbookId: task.runbookId,
    runbookVersionId: task.runbookVersionId,
    position: task.position,
    titleEn: task.titleEn,
    assigneeId: task.assigneeId,
    done: task.done,
    doneById: task.doneById,
    doneAt: task.doneAt,
  };
}

/**
 * Runbook tasks: applying a runbook to an incident, completing, assigning and commenting on its
 * tasks. Like IncidentsService, every change is one transaction that locks the incident row, asks
 * the access policy (NOT_FOUND for an incident the actor may not see, FORBIDDEN for what they may
 * not do), and writes the timeline, the outbox and, last, the audit event.
 */
@Injectable()
export class TasksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly runbooks: RunbooksService,
  ) {}

  applyRunbook(
    actor: Actor,
    meta: RequestMeta,
    incidentId: string,
    runbookId: string,
  ): Promise<IncidentTaskEntity[]> {
    return this.dataSource.transaction(async (em) => {
      const loaded = await this.loadSubject(em, incidentId);
      if (!loaded || !IncidentAccess.canSee(actor, loaded.subject))
        throw AppException.notFound('Incident', incidentId);
      TaskAccess.assert(actor, TaskAction.ApplyRunbook, loaded.subject);
      const [version] = await this.runbooks.currentVersions([runbookId], em);
      if (!version) throw AppException.notFound('Runbook', runbookId);
      return this.applyIn(em, loaded.incident, actor, meta, version, false);
    });
  }

  /**
   * Copies a runbook version's steps into tasks, in the caller's transaction (the incident row
   * already locked, access already checked). Refuses a runbook already applied to the incident.
   */
  async applyIn(
    em: EntityManager,
    incident: IncidentEntity,
    actor: Actor,
    meta: RequestMeta,
    version: RunbookVersionEntity,
    automatic: boolean,
  ): Promise<IncidentTaskEntity[]> {
    if (!OPEN_STATUSES.includes(incident.status)) {
      throw new AppException(
        ErrorCode.INVALID_TRANSITION,
        `Cannot apply a runbook to an incident that is ${incident.status}`,
        { currentStatus: incident.status },
      );
    }
    if (await em.existsBy(IncidentTaskEntity, { incidentId: incident.id, runbookId: version.runbookId })) {
      throw AppException.conflict('This runbook is already applied to the incident', {
        field: 'runbookId',
        runbookId: version.runbookId,
      });
    }
    const now = this.clock.now();
    const tasks = await em.save(
      version.definition.steps.map((step, i) =>
        em.create(IncidentTaskEntity, {
          incidentId: incident.id,
          runbookId: version.runbookId,
          runbookVersionId: version.id,
          position: i + 1,
          titleVi: step.title.vi,
          titleEn: step.title.en,
          phase: step.phase,
          role: step.role ?? null,
          targetMinutes: step.targetMinutes ?? null,
          dueAt: step.targetMinutes ? new Date(now.getTime() + step.targetMinutes * 60_000) : null,
          assigneeId: null,
          done: false,
          doneById: null,
          doneAt: null,
          overdueMarkedAt: null,
          createdAt: now,
        }),
      ),
    );
    const applied = {
      runbookId: version.runbookId,
      runbookVersionId: version.id,
      version: version.version,
      contentHash: version.contentHash,
      tasks: tasks.length,
      automatic,
    };
    await this.writeTimeline(em, incident.id, actor, [{ kind: TimelineKind.RUNBOOK_APPLIED, data: applied }]);
    await writeOutbox(em, [
      {
        aggregateType: 'incident',
        aggregateId: incident.id,
        eventType: 'incident.runbook_applied',
        // Internal: subscribers who may not read internal entries (reporters) are not told.
        payload: { runbookId: version.runbookId, version: version.version, internal: true },
      },
    ]);
    await this.audit.append(em, {
      actor,
      action: 'incident.runbook_applied',
      entityType: 'incident',
      entityId: incident.id,
      before: null,
      after: { ...applied, taskIds: tasks.map((t) => t.id) },
      meta,
    });
    return tasks.sort((a, b) => a.position - b.position);
  }

  async setDone(actor: Actor, meta: RequestMeta, taskId: string, done: boolean): Promise<IncidentTaskEntity> {
    return this.changeTask(actor, meta, taskId, TaskAction.Complete, true, async (task, em) => {
      if (task.done === done) return null;
      task.done = done;
      task.doneById = done && actor.kind === 'user' ? actor.id : null;
      task.doneAt = done ? this.clock.now() : null;
      await em.save(task);
      return {
        auditAction: done ? 'task.done' : 'task.reopened',
        eventType: done ? 'incident.task_done' : 'incident.task_reopened',
        timeline: {
          kind: done ? TimelineKind.TASK_DONE : TimelineKind.TASK_REOPENED,
          data: { taskId: task.id, runbookId: task.runbookId, position: task.position },
        },
      };
    });
  }

  async assign(
    actor: Actor,
    meta: RequestMeta,
    taskId: string,
    assigneeId: string | null,
  ): Promise<IncidentTaskEntity> {
    return this.changeTask(actor, meta, taskId, TaskAction.Assign, true, async (task, em) => {
      if (assigneeId) await assertAssignable(em, assigneeId);
      if (task.assigneeId === assigneeId) return null;
      const from = task.assigneeId;
      task.assigneeId = assigneeId;
      await em.save(task);
      return {
        auditAction: 'task.assigned',
        eventType: 'incident.task_assigned',
        // The assignee joins the incident, so a TLP:RED case stays visible to them.
        participants: [assigneeId],
        timeline: {
          kind: TimelineKind.TASK_ASSIGNED,
          data: { taskId: task.id, position: task.position, assigneeId, previousAssigneeId: from },
        },
      };
    });
  }

  /** Reporters' comments are always visible to the reporter side; staff comments default to internal. */
  async addComment(
    actor: Actor,
    meta: RequestMeta,
    taskId: string,
    body: string,
    internal: boolean,
  ): Promise<IncidentTaskCommentEntity> {
    let comment!: IncidentTaskCommentEntity;
    await this.changeTask(actor, meta, taskId, TaskAction.Comment, false, async (task, em, subject) => {
      const isInternal = internal && TaskAccess.can(actor, TaskAction.CommentInternal, subject);
      if (internal && !isInternal && !(actor.kind === 'user' && actor.role === Role.REPORTER)) {
        throw AppException.forbidden('You may not write internal comments');
      }
      comment = await em.save(
        em.create(IncidentTaskCommentEntity, {
          taskId: task.id,
          incidentId: task.incidentId,
          authorId: actor.kind === 'user' ? actor.id : null,
          body: body.trim(),
          internal: isInternal,
        }),
      );
      return {
        auditAction: 'task.comment_added',
        eventType: 'incident.task_comment_added',
        timeline: {
          kind: TimelineKind.TASK_COMMENT,
          internal: isInternal,
          data: { taskId: task.id, position: task.position, commentId: comment.id },
        },
      };
    });
    return comment;
  }

  /** Writes timeline entries for an incident, as IncidentsService does. */
  async writeTimeline(em: EntityManager, incidentId: string, actor: Actor | null, entries: TimelineLine[]) {
    if (!entries.length) return;
    await em.insert(
      TimelineEntryEntity,
      entries.map((e) => ({
        incidentId,
        kind: e.kind,
        actorId: actor?.kind === 'user' ? actor.id : null,
        internal: e.internal ?? true,
        data: { ...(e.data ?? {}), ...(actor?.kind === 'apiKey' ? { apiKeyId: actor.id } : {}) },
      })),
    );
  }

  /**
   * The shape of every task change: find the task, lock its incident, check access, lock the task,
   * apply, then participants, timeline, outbox and, last, the audit event. `apply` returning null
   * means there was nothing to change (e.g. done → done): nothing is written.
   */
  private async changeTask(
    actor: Actor,
    meta: RequestMeta,
    taskId: string,
    action: TaskAction,
    frozenWhenClosed: boolean,
    apply: (
      task: IncidentTaskEntity,
      em: EntityManager,
      subject: IncidentSubject,
    ) => Promise<TaskEffects | null>,
  ): Promise<IncidentTaskEntity> {
    return this.dataSource.transaction(async (em) => {
      const found = await em.findOne(IncidentTaskEntity, {
        where: { id: taskId },
        select: { incidentId: true },
      });
      const loaded = found && (await this.loadSubject(em, found.incidentId));
      if (!loaded || !IncidentAccess.canSee(actor, loaded.subject))
        throw AppException.notFound('Task', taskId);
      const { incident, subject } = loaded;
      const task = await em.findOneOrFail(IncidentTaskEntity, {
        where: { id: taskId },
        lock: { mode: 'pessimistic_write' },
      });
      TaskAccess.assert(actor, action, subject, task);
      if (frozenWhenClosed && TASK_FROZEN.includes(incident.status)) {
        throw new AppException(
          ErrorCode.INVALID_TRANSITION,
          `Cannot change the tasks of an incident that is ${incident.status}`,
          { currentStatus: incident.status },
        );
      }
      const before = snapshot(task);
      const effects = await apply(task, em, subject);
      if (!effects) return task;
      await addIncidentParticipants(em, incident.id, [
        actor.kind === 'user' ? actor.id : null,
        ...(effects.participants ?? []),
      ]);
      await this.writeTimeline(em, incident.id, actor, [effects.timeline]);
      await writeOutbox(em, [
        {
          aggregateType: 'incident',
          aggregateId: incident.id,
          eventType: effects.eventType,
          payload: {
            taskId: task.id,
            status: incident.status,
            version: incident.version,
            internal: effects.timeline.internal ?? true,
          },
        },
      ]);
      await this.audit.append(em, {
        actor,
        action: effects.auditAction,
        entityType: 'incident_task',
        entityId: task.id,
        before,
        after: { ...snapshot(task), ...(effects.timeline.data ?? {}) },
        meta,
      });
      return task;
    });
  }

  /** The incident (row locked) and the access-relevant facts about it; null when it does not exist. */
  private loadSubject(em: EntityManager, incidentId: string): Promise<LoadedIncident | null> {
    return loadIncidentSubject(em, incidentId, true);
  }
}
