import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { AuditService } from '@tocsin/audit';
import { Clock, writeOutbox } from '@tocsin/core';
import { appendSystemTimeline, OPEN_STATUSES, TimelineKind } from '@tocsin/incidents';

const BATCH = 200;

interface OverdueRow {
  id: string;
  incident_id: string;
  runbook_id: string | null;
  position: number;
  due_at: Date;
}

/**
 * Puts a TASK_OVERDUE marker on the timeline, once per task, for every open task of an open
 * incident past its due time. Each batch is one transaction that locks the tasks it marks
 * (`FOR UPDATE SKIP LOCKED`, so several workers never mark one task twice) and writes the mark,
 * the timeline entries, the outbox rows and the audit events together. Plain SQL, so the worker
 * needs no incident entities.
 */
@Injectable()
export class TaskOverdueService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Marks every task overdue now; returns how many were marked. */
  async markOverdue(): Promise<{ marked: number }> {
    let marked = 0;
    for (;;) {
      const n = await this.markBatch();
      marked += n;
      if (n < BATCH) return { marked };
    }
  }

  private markBatch(): Promise<number> {
    return this.dataSource.transaction(async (em) => {
      const now = this.clock.now();
      const rows = await em.query<OverdueRow[]>(
        `SELECT t.id, t.incident_id, t.runbook_id, t.position, t.due_at
           FROM incident_task t JOIN incident i ON i.id = t.incident_id
          WHERE NOT t.done AND t.overdue_marked_at IS NULL AND t.due_at <= $1
            AND i.status::text = ANY($2::text[])
          ORDER BY t.due_at, t.id
          LIMIT ${BATCH}
          FOR UPDATE OF t SKIP LOCKED`,
        [now, OPEN_STATUSES],
      );
      if (!rows.length) return 0;
      await em.query('UPDATE incident_task SET overdue_marked_at = $1 WHERE id = ANY($2::uuid[])', [
        now,
        rows.map((r) => r.id),
      ]);
      const data = rows.map((r) => ({
        taskId: r.id,
        runbookId: r.runbook_id,
        position: r.position,
        dueAt: new Date(r.due_at).toISOString(),
      }));
      await appendSystemTimeline(
        em,
        rows.map((r, i) => ({ incidentId: r.incident_id, kind: TimelineKind.TASK_OVERDUE, data: data[i] })),
      );
      await writeOutbox(
        em,
        rows.map((r) => ({
          aggregateType: 'incident',
          aggregateId: r.incident_id,
          eventType: 'incident.task_overdue',
          payload: { taskId: r.id, internal: true },
        })),
      );
      // Last, so the chain-head lock is held only until the commit.
      for (const [i, row] of rows.entries()) {
        await this.audit.append(em, {
          actor: null,
          action: 'task.overdue',
          entityType: 'incident_task',
          entityId: row.id,
          before: { overdueMarkedAt: null },
          after: { ...data[i], incidentId: row.incident_id, overdueMarkedAt: now.toISOString() },
        });
      }
      return rows.length;
    });
  }
}
