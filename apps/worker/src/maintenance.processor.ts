import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job } from 'bullmq';

import { AuthService } from '@tocsin/auth';
import { JobName, QueueName } from '@tocsin/core';

/** Housekeeping: prunes ended sessions. */
@Processor(QueueName.Maintenance)
export class MaintenanceProcessor extends WorkerHost {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(private readonly auth: AuthService) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name as JobName) {
      case JobName.PruneSessions: {
        const pruned = await this.auth.pruneSessions();
        this.logger.log({ pruned }, 'Pruned ended sessions');
        return { pruned };
      }
    }
  }
}
