import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * Prometheus metrics at /metrics, with prom-client directly. (`@willsoto/nestjs-prometheus` is a
 * CommonJS package that requires NestJS 12's ES modules, which Jest on Node 20 cannot load; what
 * it adds over prom-client is these few lines.) One registry per application instance, so tests
 * can run several apps in one process.
 */
export class TocsinMetrics {
  readonly registry = new Registry();

  readonly httpRequestDuration = new Histogram({
    name: 'tocsin_http_request_duration_seconds',
    help: 'HTTP request duration by method, route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly loginAttempts = new Counter({
    name: 'tocsin_login_attempts_total',
    help: 'Sign-in attempts by outcome',
    labelNames: ['outcome'],
    registers: [this.registry],
  });

  /** How late SLA and escalation timers fire (the worker's view: job start minus due time). */
  readonly timerLateness = new Histogram({
    name: 'tocsin_timer_lateness_seconds',
    help: 'Lateness of SLA and escalation timers by kind',
    labelNames: ['kind'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30, 120],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'tocsin_' });
  }
}
