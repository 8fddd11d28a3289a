import { Module } from '@nestjs/common';

import { IncidentChangesModule } from '@tocsin/incidents';

import { TaskOverdueService } from './task-overdue.service';

/** The overdue-task scan alone, for the worker (no GraphQL). */
@Module({
  imports: [IncidentChangesModule],
  providers: [TaskOverdueService],
  exports: [TaskOverdueService],
})
export class TaskOverdueModule {}
