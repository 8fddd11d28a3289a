import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job } from 'bullmq';

import { AuditCheckpointService } from '@tocsin/audit';
import { AuthService } from '@tocsin/auth';
import { JobName, QueueName } from '@tocsin/core';
import { TaskOverdueService } from '@tocsin/runbooks';

/** Housekeeping: prunes ended sessions, marks overdue runbook tasks, writes audit checkpoints. */
@Processor(QueueName.Maintenance)
export class MaintenanceProcessor extends WorkerHost {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(
    private readonly auth: AuthService,
    private readonly overdueTasks: TaskOverdueService,
    private readonly checkpoints: AuditCheckpointService,
  ) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name as JobName) {
      case JobName.PruneSessions: {
        const pruned = await this.auth.pruneSessions();
        this.logger.log({ pruned }, 'Pruned ended sessions');
        return { pruned };
      }
      case JobName.MarkOverdueTasks: {
        const result = await this.overdueTasks.markOverdue();
        if (result.marked) this.logger.log(result, 'Marked overdue tasks');
        return result;
      }
      case JobName.AuditCheckpoint: {
        const outcome = await this.checkpoints.write('PERIODIC');
        return outcome.written
          ? { written: true, sequence: outcome.checkpoint.sequence, sinks: outcome.sinks }
          : outcome;
      }
      default:
        this.logger.warn({ job: job.name }, 'Unknown maintenance job');
        return null;
    }
  }
}
