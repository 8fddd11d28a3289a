import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

import { APP_CONFIG, AppConfig, Clock } from '@tocsin/core';
import { EscalationEngine } from '@tocsin/escalation';
import { DeliveryAudit, DeliveryMetrics, NotificationWorkers } from '@tocsin/notifications';

/**
 * Beside the reconciler, on the same plain interval: finds deliveries left non-final with nothing
 * moving them and gives each a new job, and escalations of cases still awaiting acknowledgement
 * that stopped without a reason and re-arms them. Counts what it repaired in
 * tocsin_delivery_auditor_repairs_total and says so in one log line per pass that found anything.
 */
@Injectable()
export class DeliveryAuditor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('DeliveryAuditor');
  private interval?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: DeliveryAudit,
    private readonly workers: NotificationWorkers,
    private readonly engine: EscalationEngine,
    private readonly metrics: DeliveryMetrics,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.interval = setInterval(() => this.trigger(), this.config.worker.reconcileSeconds * 1000);
    this.interval.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.interval);
    await this.running;
  }

  private trigger(): void {
    if (this.running) return;
    this.running = this.pass()
      .catch((error: unknown) =>
        this.logger.error({ err: error }, 'Delivery audit failed; next pass retries'),
      )
      .finally(() => (this.running = undefined));
  }

  /** One pass; returns what it repaired. */
  async pass(): Promise<{ deliveries: number; escalations: number; ms: number }> {
    const started = Date.now();
    const events = await this.audit.stuckDeliveries(this.clock.now());
    if (events.length) await this.workers.enqueue(events);
    const escalations = await this.engine.rearmStalled();
    const result = { deliveries: events.length, escalations: escalations.length, ms: Date.now() - started };
    if (events.length) this.metrics.auditorRepairs.inc({ kind: 'delivery' }, events.length);
    if (escalations.length) this.metrics.auditorRepairs.inc({ kind: 'escalation' }, escalations.length);
    if (events.length || escalations.length)
      this.logger.warn({ ...result, incidents: escalations.slice(0, 20) }, 'Delivery audit repaired');
    return result;
  }
}
