import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';

import { Clock, JobName, QueueName } from '@tocsin/core';
import { EscalationTimer, timerJobId } from '@tocsin/escalation';

/** Job options shared by every timer: removed once done, so a later re-arm with the same id runs again. */
const TIMER_JOB: JobsOptions = {
  removeOnComplete: true,
  // A failed job kept in Redis would block its own re-arm (BullMQ ignores an add whose id exists, in
  // any state): the processor logs the failure and the reconciler arms it again.
  removeOnFail: true,
  attempts: 8,
  backoff: { type: 'exponential', delay: 500 },
};

/** Arms the engine's timers as delayed BullMQ jobs with deterministic ids. */
@Injectable()
export class EscalationTimers {
  constructor(
    @InjectQueue(QueueName.Escalation) private readonly queue: Queue,
    private readonly clock: Clock,
  ) {}

  async arm(timers: EscalationTimer[]): Promise<void> {
    if (!timers.length) return;
    const now = this.clock.now().getTime();
    await this.queue.addBulk(
      timers.map((timer) => {
        const at = timer.at.getTime();
        const opts = { ...TIMER_JOB, jobId: timerJobId(timer), delay: Math.max(0, at - now) };
        switch (timer.kind) {
          case 'step':
            return {
              name: JobName.EscalationStep,
              data: { incidentId: timer.incidentId, token: timer.token, at },
              opts,
            };
          case 'sla':
            return { name: JobName.SlaCheck, data: { incidentId: timer.incidentId, at }, opts };
          case 'sync':
            return { name: JobName.EscalationSync, data: { incidentId: timer.incidentId }, opts };
        }
      }),
    );
  }

  /** Incident events from the outbox: one sync job per event (its id is the outbox row's). */
  async syncAfter(events: { id: string; incidentId: string; eventType: string }[]): Promise<void> {
    if (!events.length) return;
    await this.queue.addBulk(
      events.map((e) => ({
        name: JobName.EscalationSync,
        data: { incidentId: e.incidentId, eventType: e.eventType },
        opts: { ...TIMER_JOB, jobId: `event-${e.id}` },
      })),
    );
  }
}
