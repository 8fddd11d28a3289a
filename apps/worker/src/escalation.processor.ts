import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job } from 'bullmq';

import { APP_CONFIG, AppConfig, Clock, JobName, JobPayloads, QueueName, TocsinMetrics } from '@tocsin/core';
import { EscalationEngine } from '@tocsin/escalation';

import { EscalationTimers } from './escalation-timers.service';

/**
 * Runs the engine for each timer and incident event, then arms what it asks for. A handler that
 * fails is retried by BullMQ; one that dies with its worker is picked up by another (stalled-job
 * check) or re-armed by the reconciler. Either way the engine's fencing makes a re-run harmless.
 */
// Handlers are short transactions: a job held by a worker that died is taken over within ~10 s.
@Processor(QueueName.Escalation, { lockDuration: 10_000, stalledInterval: 5_000 })
export class EscalationProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(EscalationProcessor.name);

  constructor(
    private readonly engine: EscalationEngine,
    private readonly timers: EscalationTimers,
    private readonly clock: Clock,
    private readonly metrics: TocsinMetrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    // Handlers mostly wait on PostgreSQL: several at once keep timers punctual under load.
    this.worker.concurrency = Math.max(this.config.worker.concurrency * 3, 8);
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name as JobName) {
      case JobName.EscalationSync: {
        const data = job.data as JobPayloads[JobName.EscalationSync];
        await this.timers.arm(await this.engine.sync(data.incidentId, data.eventType));
        return null;
      }
      case JobName.EscalationStep: {
        const data = job.data as JobPayloads[JobName.EscalationStep];
        this.observeLateness('step', data.at);
        await this.timers.arm(await this.engine.fireStep(data.incidentId, data.token));
        return null;
      }
      case JobName.SlaCheck: {
        const data = job.data as JobPayloads[JobName.SlaCheck];
        this.observeLateness('sla', data.at);
        await this.timers.arm(await this.engine.checkSla(data.incidentId));
        return null;
      }
      default:
        this.logger.warn({ job: job.name }, 'Unknown escalation job');
        return null;
    }
  }

  private observeLateness(kind: string, at: number): void {
    this.metrics.timerLateness.observe({ kind }, Math.max(0, this.clock.now().getTime() - at) / 1000);
  }
}
