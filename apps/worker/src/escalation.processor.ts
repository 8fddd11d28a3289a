import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DelayedError, Job } from 'bullmq';

import { APP_CONFIG, AppConfig, Clock, JobName, JobPayloads, QueueName, TocsinMetrics } from '@tocsin/core';
import { EscalationEngine, EscalationTimer, timerJobId } from '@tocsin/escalation';
import { isIncidentEventType } from '@tocsin/incidents';

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

  async process(job: Job, token?: string): Promise<unknown> {
    const timers = await this.run(job);
    // A timer that fired early asks to be armed again under its own id, which BullMQ would ignore
    // while this job exists: move this job back to the delayed set instead.
    const own = timers.find((t) => timerJobId(t) === job.id);
    await this.timers.arm(timers.filter((t) => t !== own));
    if (own && token) {
      await job.moveToDelayed(own.at.getTime(), token);
      throw new DelayedError();
    }
    return null;
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    // Failed jobs are removed (so the reconciler can re-arm them): the log is their record.
    this.logger.error(
      { err: error, job: job?.name, jobId: job?.id, attempts: job?.attemptsMade },
      'Escalation job failed; the reconciler will arm it again',
    );
  }

  private async run(job: Job): Promise<EscalationTimer[]> {
    switch (job.name as JobName) {
      case JobName.EscalationSync: {
        const data = job.data as JobPayloads[JobName.EscalationSync];
        const eventType = data.eventType && isIncidentEventType(data.eventType) ? data.eventType : undefined;
        return this.engine.sync(data.incidentId, eventType);
      }
      case JobName.EscalationStep: {
        const data = job.data as JobPayloads[JobName.EscalationStep];
        this.observeLateness('step', data.at);
        return this.engine.fireStep(data.incidentId, data.token);
      }
      case JobName.SlaCheck: {
        const data = job.data as JobPayloads[JobName.SlaCheck];
        this.observeLateness('sla', data.at);
        return this.engine.checkSla(data.incidentId);
      }
      default:
        this.logger.warn({ job: job.name }, 'Unknown escalation job');
        return [];
    }
  }

  private observeLateness(kind: string, at: number): void {
    this.metrics.timerLateness.observe({ kind }, Math.max(0, this.clock.now().getTime() - at) / 1000);
  }
}
