import { Module } from '@nestjs/common';

import { AuditModule } from '@tocsin/audit';
import { Clock } from '@tocsin/core';

import { TaskOverdueService } from './task-overdue.service';

/** The overdue-task scan alone, for the worker (no GraphQL, no incident entities needed). */
@Module({
  imports: [AuditModule],
  providers: [Clock, TaskOverdueService],
  exports: [TaskOverdueService],
})
export class TaskOverdueModule {}
