import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AuditModule } from '@tocsin/audit';
import { AuthModule } from '@tocsin/auth';
import { Clock } from '@tocsin/core';
import { INCIDENT_TRIAGE_HOOK, IncidentChangesModule } from '@tocsin/incidents';

import { IncidentTasksResolver } from './incident-tasks.resolver';
import { RunbookTriageHook } from './runbook-triage.hook';
import { RunbookEntity, RunbookVersionEntity } from './runbook.entity';
import { RunbookLoader } from './runbook.loader';
import { RunbooksResolver } from './runbooks.resolver';
import { RunbooksService } from './runbooks.service';
import { TaskOverdueModule } from './task-overdue.module';
import { TaskQueriesService } from './task-queries.service';
import { IncidentTaskCommentEntity, IncidentTaskEntity } from './task.entity';
import { TaskCommentStaffIdsResolver, TasksResolver } from './tasks.resolver';
import { TasksService } from './tasks.service';

export const RUNBOOK_ENTITIES = [
  RunbookEntity,
  RunbookVersionEntity,
  IncidentTaskEntity,
  IncidentTaskCommentEntity,
];

/**
 * Runbooks for the api: the playbook loader, the catalogue, incident tasks and their GraphQL.
 * Global because it provides INCIDENT_TRIAGE_HOOK to IncidentsService, which must not import it
 * (the incidents library knows only the token).
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forFeature(RUNBOOK_ENTITIES),
    IncidentChangesModule,
    AuditModule,
    AuthModule,
    TaskOverdueModule,
  ],
  providers: [
    Clock,
    RunbookLoader,
    RunbooksService,
    TasksService,
    TaskQueriesService,
    RunbookTriageHook,
    { provide: INCIDENT_TRIAGE_HOOK, useExisting: RunbookTriageHook },
    RunbooksResolver,
    TasksResolver,
    TaskCommentStaffIdsResolver,
    IncidentTasksResolver,
  ],
  exports: [INCIDENT_TRIAGE_HOOK, RunbookLoader, RunbooksService, TasksService, TaskOverdueModule],
})
export class RunbooksApiModule {}
