import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';

import { TocsinMetrics } from '@tocsin/core';

/** The delivery counters on /metrics (one set per worker application, registered once). */
@Injectable()
export class DeliveryMetrics {
  readonly retries: Counter;
  readonly reclaimed: Counter;
  readonly zaloRefreshes: Counter;
  readonly auditorRepairs: Counter;
  readonly auditorUnrepaired: Counter;

  constructor(metrics: TocsinMetrics) {
    const registers = [metrics.registry];
    this.retries = new Counter({
      name: 'tocsin_notification_retries_total',
      help: 'Deliveries postponed to be tried again, by channel',
      labelNames: ['channel'],
      registers,
    });
    this.reclaimed = new Counter({
      name: 'tocsin_notification_reclaimed_total',
      help: 'Claims of a worker that died before handing the message over, returned to pending',
      labelNames: ['channel'],
      registers,
    });
    this.zaloRefreshes = new Counter({
      name: 'tocsin_zalo_token_refreshes_total',
      help: 'Zalo access-token refreshes made by this process, by outcome',
      labelNames: ['outcome'],
      registers,
    });
    this.auditorRepairs = new Counter({
      name: 'tocsin_delivery_auditor_repairs_total',
      help: 'What the delivery auditor repaired, by kind',
      labelNames: ['kind'],
      registers,
    });
    this.auditorUnrepaired = new Counter({
      name: 'tocsin_delivery_auditor_unrepaired_total',
      help: 'What the delivery auditor found and could not repair, by kind',
      labelNames: ['kind'],
      registers,
    });
  }
}
