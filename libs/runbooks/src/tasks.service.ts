import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { Actor, RequestMeta, Role, TaskAccess, TaskAction } from '@tocsin/access';
import { AppException, Clock } from '@tocsin/core';
import {
  assertAssignable,
  assertStatus,
  IncidentChange,
  IncidentChanges,
  incidentEvent,
  OPEN_STATUSES,
  TASKS_CHANGEABLE,
  TimelineKind,
  TimelineLine,
} from '@tocsin/incidents';

import { RunbookVersionEntity } from './runbook.entity';
import { TaskAuditAction } from './task-audit-actions';
import { RunbooksService } from './runbooks.service';
import { IncidentTaskCommentEntity, IncidentTaskEntity } from './task.entity';

/** What one task change produces besides the row itself (null: nothing to do). */
interface TaskEffects {
  auditAction: TaskAuditAction;
  eventType:
    | 'incident.task_done'
    | 'incident.task_reopened'
    | 'incident.task_assigned'
    | 'incident.task_comment_added';
  timeline: TimelineLine;
  participants?: (string | null)[];
}

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
 * tasks. Every change goes through IncidentChanges (the incident row locked, NOT_FOUND for an
 * incident the actor may not see, FORBIDDEN for what they may not do, the audit event last).
 */
@Injectable()
export class TasksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly changes: IncidentChanges,
    private readonly clock: Clock,
    private readonly runbooks: RunbooksService,
  ) {}

  applyRunbook(
    actor: Actor,
    meta: RequestMeta,
    incidentId: string,
    runbookId: string,
  ): Promise<IncidentTaskEntity[]> {
    return this.changes.run(
      actor,
      meta,
      incidentId,
      { access: async ({ subject }) => TaskAccess.assert(actor, TaskAction.ApplyRunbook, subject) },
      async (change) => {
        const [version] = await this.runbooks.currentVersions([runbookId], change.em);
        if (!version) throw AppException.notFound('Runbook', runbookId);
        return this.applyIn(change, version, false);
      },
    );
  }

  /**
   * Copies a runbook version's steps into tasks, in the caller's change (the incident row
   * already locked, access already checked). Refuses a runbook already applied to the incident.
   */
  async applyIn(
    change: IncidentChange,
    version: RunbookVersionEntity,
    automatic: boolean,
  ): Promise<IncidentTaskEntity[]> {
    const { em, incident } = change;
    assertStatus(incident.status, { allowed: OPEN_STATUSES, verb: 'apply a runbook to' });
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
    change.timeline({ kind: TimelineKind.RUNBOOK_APPLIED, data: applied });
    // Internal: subscribers who may not read internal entries (reporters) are not told.
    change.emit(
      incidentEvent('incident.runbook_applied', incident.id, {
        runbookId: version.runbookId,
        version: version.version,
        internal: true,
      }),
    );
    change.audit({
      action: TaskAuditAction.RunbookApplied,
      before: null,
      after: { ...applied, taskIds: tasks.map((t) => t.id) },
    });
    return tasks.sort((a, b) => a.position - b.position);
  }

  async setDone(actor: Actor, meta: RequestMeta, taskId: string, done: boolean): Promise<IncidentTaskEntity> {
    return this.changeTask(actor, meta, taskId, TaskAction.Complete, true, async (task, { em }) => {
      if (task.done === done) return null;
      task.done = done;
      task.doneById = done && actor.kind === 'user' ? actor.id : null;
      task.doneAt = done ? this.clock.now() : null;
      await em.save(task);
      return {
        auditAction: done ? TaskAuditAction.Done : TaskAuditAction.Reopened,
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
    return this.changeTask(actor, meta, taskId, TaskAction.Assign, true, async (task, { em }) => {
      if (assigneeId) await assertAssignable(em, assigneeId);
      if (task.assigneeId === assigneeId) return null;
      const from = task.assigneeId;
      task.assigneeId = assigneeId;
      await em.save(task);
      return {
        auditAction: TaskAuditAction.Assigned,
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
    await this.changeTask(actor, meta, taskId, TaskAction.Comment, false, async (task, { em, subject }) => {
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
        auditAction: TaskAuditAction.CommentAdded,
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

  /**
   * The shape of every task change, on IncidentChanges: the incident locked, the task locked and
   * checked by TaskAccess, then participants, timeline, outbox and, last, the audit event. `apply`
   * returning null means there was nothing to change (e.g. done → done): nothing is written.
   */
  private async changeTask(
    actor: Actor,
    meta: RequestMeta,
    taskId: string,
    action: TaskAction,
    frozenWhenClosed: boolean,
    apply: (task: IncidentTaskEntity, change: IncidentChange) => Promise<TaskEffects | null>,
  ): Promise<IncidentTaskEntity> {
    const found = await this.dataSource
      .getRepository(IncidentTaskEntity)
      .findOne({ where: { id: taskId }, select: { incidentId: true } });
    const notFound = () => AppException.notFound('Task', taskId);
    if (!found) throw notFound();
    let task!: IncidentTaskEntity;
    const rule = {
      notFound,
      guard: frozenWhenClosed ? { allowed: TASKS_CHANGEABLE, verb: 'change the tasks of' } : undefined,
      access: async ({ em, subject }: IncidentChange) => {
        task = await em.findOneOrFail(IncidentTaskEntity, {
          where: { id: taskId },
          lock: { mode: 'pessimistic_write' },
        });
        TaskAccess.assert(actor, action, subject, task);
      },
    };
    return this.changes.run(actor, meta, found.incidentId, rule, async (change) => {
      const { incident } = change;
      const before = snapshot(task);
      const effects = await apply(task, change);
      if (!effects) return task;
      change.participants(...(effects.participants ?? []));
      change.timeline(effects.timeline);
      change.emit(
        incidentEvent(effects.eventType, incident.id, {
          taskId: task.id,
          status: incident.status,
          version: incident.version,
          internal: effects.timeline.internal ?? true,
        }),
      );
      change.audit({
        action: effects.auditAction,
        entityType: 'incident_task',
        entityId: task.id,
        before,
        after: { ...snapshot(task), ...(effects.timeline.data ?? {}) },
      });
      return task;
    });
  }
}
