import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

import { APP_CONFIG, AppConfig, OutboxSubscribers } from '@tocsin/core';
import { EscalationEngine, SYNCS_ESCALATION } from '@tocsin/escalation';
import { asIncidentEvent, PublishedIncidentEvent } from '@tocsin/incidents';

import { EscalationTimers } from './escalation-timers.service';

/**
 * Keeps Redis in step with the database. Committed incident events become sync jobs (through the
 * outbox relay), and at start and every ESCALATION_RECONCILE_SECONDS every timer the open
 * incidents need is armed again: a deadline that passed while Redis or the worker was down fires
 * at once, and one still in Redis is not duplicated (deterministic job ids). A plain interval, not
 * a BullMQ repeatable job: after Redis loses its data, a job scheduler would be lost with it.
 */
@Injectable()
export class EscalationReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EscalationReconciler.name);
  private interval?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly engine: EscalationEngine,
    private readonly timers: EscalationTimers,
    private readonly outbox: OutboxSubscribers,
  ) {}

  onApplicationBootstrap(): void {
    this.outbox.subscribe('escalation', async (events) => {
      await this.timers.syncAfter(
        events
          .map(asIncidentEvent)
          .filter((e): e is PublishedIncidentEvent => e !== null && SYNCS_ESCALATION[e.eventType])
          .map((e) => ({ id: e.id, incidentId: e.aggregateId, eventType: e.eventType })),
      );
    });
    this.trigger();
    this.interval = setInterval(() => this.trigger(), this.config.worker.reconcileSeconds * 1000);
    this.interval.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.interval);
    await this.running;
  }

  /** One pass at a time per process; a slow pass is not stacked. */
  private trigger(): void {
    if (this.running) return;
    this.running = this.reconcile()
      .catch((error: unknown) =>
        this.logger.error({ err: error }, 'Reconciliation failed; next pass retries'),
      )
      .finally(() => (this.running = undefined));
  }

  /** Arms every timer the open incidents need; returns how many. */
  async reconcile(): Promise<number> {
    const started = Date.now();
    const armed = await this.engine.pendingTimers((timers) => this.timers.arm(timers));
    this.logger.log({ armed, ms: Date.now() - started }, 'Escalation timers reconciled');
    return armed;
  }
}
