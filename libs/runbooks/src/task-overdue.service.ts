import { Injectable } from '@nestjs/common';

import { IncidentChanges, incidentEvent, OPEN_STATUSES, TimelineKind } from '@tocsin/incidents';

import { TaskAuditAction } from './task-audit-actions';

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
 * the timeline entries, the outbox rows and the audit events together, as system notes through
 * IncidentChanges.record (the incident rows are not changed, so not locked).
 */
@Injectable()
export class TaskOverdueService {
  constructor(private readonly changes: IncidentChanges) {}

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
    return this.changes.record(async (writes) => {
      const { em, now } = writes;
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
      writes.timelineFor(
        ...rows.map((r, i) => ({
          incidentId: r.incident_id,
          kind: TimelineKind.TASK_OVERDUE,
          data: data[i],
        })),
      );
      writes.emit(
        ...rows.map((r) =>
          incidentEvent('incident.task_overdue', r.incident_id, { taskId: r.id, internal: true }),
        ),
      );
      for (const [i, row] of rows.entries()) {
        writes.audit({
          action: TaskAuditAction.Overdue,
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
