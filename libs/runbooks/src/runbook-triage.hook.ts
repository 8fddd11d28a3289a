import { Inject, Injectable } from '@nestjs/common';

import { APP_CONFIG, AppConfig } from '@tocsin/core';
import { IncidentChange, IncidentTriageHook, TimelineKind } from '@tocsin/incidents';

import { matching, RunbooksService } from './runbooks.service';
import { IncidentTaskEntity } from './task.entity';
import { TasksService } from './tasks.service';

/**
 * On triage, the runbooks made for the incident's category are suggested on the timeline
 * (RUNBOOK_SUGGESTED); with RUNBOOK_AUTO_APPLY, a single match is applied at once instead. Several
 * matches are always only suggested: choosing between them is the coordinator's call. Runs inside
 * the triage's transaction (see INCIDENT_TRIAGE_HOOK).
 */
@Injectable()
export class RunbookTriageHook implements IncidentTriageHook {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly runbooks: RunbooksService,
    private readonly tasks: TasksService,
  ) {}

  async afterTriage(change: IncidentChange): Promise<void> {
    const { em, incident } = change;
    const applied = new Set(
      (
        await em.find(IncidentTaskEntity, {
          where: { incidentId: incident.id },
          select: { runbookId: true },
        })
      ).map((t) => t.runbookId),
    );
    const candidates = matching(await this.runbooks.currentVersions(undefined, em), incident.category).filter(
      (v) => !applied.has(v.runbookId),
    );
    if (!candidates.length) return;
    if (this.config.runbooks.autoApply && candidates.length === 1) {
      await this.tasks.applyIn(change, candidates[0], true);
      return;
    }
    change.timeline({
      kind: TimelineKind.RUNBOOK_SUGGESTED,
      data: {
        category: incident.category,
        runbooks: candidates.map((v) => ({ runbookId: v.runbookId, version: v.version })),
      },
    });
  }
}
