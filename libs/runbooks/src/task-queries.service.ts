import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';

import { Actor, IncidentSubject, TaskAccess, TaskAction } from '@tocsin/access';

import { RunbookVersionEntity } from './runbook.entity';
import { IncidentTaskCommentEntity, IncidentTaskEntity } from './task.entity';

/**
 * Reads of tasks, batched for DataLoaders. Their callers resolve fields of incidents (or tasks)
 * the actor may already see; comments are filtered once more for internal ones.
 */
@Injectable()
export class TaskQueriesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Tasks of each incident, in runbook order (application time, then step). */
  async tasksByIncident(
    incidentIds: readonly string[],
  ): Promise<{ id: string; tasks: IncidentTaskEntity[] }[]> {
    if (!incidentIds.length) return [];
    const rows = await this.dataSource.getRepository(IncidentTaskEntity).find({
      where: { incidentId: In([...incidentIds]) },
      order: { createdAt: 'ASC', runbookId: 'ASC', position: 'ASC' },
    });
    return incidentIds.map((id) => ({ id, tasks: rows.filter((t) => t.incidentId === id) }));
  }

  /** Done and total per incident, in one grouped query. */
  async progressByIncident(
    incidentIds: readonly string[],
  ): Promise<{ id: string; done: number; total: number; percent: number }[]> {
    if (!incidentIds.length) return [];
    const rows = await this.dataSource.query<{ id: string; done: number; total: number }[]>(
      `SELECT incident_id AS id, count(*) FILTER (WHERE done)::int AS done, count(*)::int AS total
         FROM incident_task WHERE incident_id = ANY($1::uuid[]) GROUP BY incident_id`,
      [[...incidentIds]],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return incidentIds.map((id) => {
      const { done, total } = byId.get(id) ?? { done: 0, total: 0 };
      return { id, done, total, percent: total ? Math.floor((done * 100) / total) : 0 };
    });
  }

  async versionsByIds(ids: readonly string[]): Promise<RunbookVersionEntity[]> {
    if (!ids.length) return [];
    return this.dataSource.getRepository(RunbookVersionEntity).find({
      where: { id: In([...ids]) },
      select: { id: true, runbookId: true, version: true, contentHash: true },
    });
  }

  /**
   * Comments of each task, oldest first, decided on the incident's facts: none for an incident
   * the actor may not see, internal ones only for those who may read internal entries.
   */
  async commentsByTask(
    actor: Actor,
    taskIds: readonly string[],
  ): Promise<{ id: string; comments: IncidentTaskCommentEntity[] }[]> {
    if (!taskIds.length) return [];
    const comments = await this.dataSource.getRepository(IncidentTaskCommentEntity).find({
      where: { taskId: In([...taskIds]) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    const incidentIds = [...new Set(comments.map((c) => c.incidentId))];
    const sees = new Set<string>();
    const readsInternal = new Set<string>();
    if (incidentIds.length) {
      const subjects = await this.dataSource.query<
        (Omit<IncidentSubject, 'participantIds'> & { id: string; participant: boolean })[]
      >(
        `SELECT i.id, i.agency_id AS "agencyId", i.tlp::text AS tlp, i.reporter_id AS "reporterId",
                i.assignee_id AS "assigneeId",
                EXISTS (SELECT 1 FROM incident_participant p WHERE p.incident_id = i.id AND p.user_id = $2) AS participant
           FROM incident i WHERE i.id = ANY($1::uuid[])`,
        [incidentIds, actor.kind === 'user' ? actor.id : null],
      );
      for (const { id, participant, ...rest } of subjects) {
        const subject: IncidentSubject = {
          ...rest,
          participantIds: participant && actor.kind === 'user' ? [actor.id] : [],
        };
        if (TaskAccess.can(actor, TaskAction.Read, subject)) sees.add(id);
        if (TaskAccess.can(actor, TaskAction.ReadInternal, subject)) readsInternal.add(id);
      }
    }
    const visible = (c: IncidentTaskCommentEntity) =>
      sees.has(c.incidentId) && (!c.internal || readsInternal.has(c.incidentId));
    return taskIds.map((id) => ({ id, comments: comments.filter((c) => c.taskId === id && visible(c)) }));
  }
}
