import { Global, Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller';
import { makeCounterProvider, makeHistogramProvider, PrometheusModule } from '@willsoto/nestjs-prometheus';

export const HTTP_REQUEST_DURATION = 'tocsin_http_request_duration_seconds';
export const LOGIN_ATTEMPTS = 'tocsin_login_attempts_total';

const providers = [
  makeHistogramProvider({
    name: HTTP_REQUEST_DURATION,
    help: 'HTTP request duration by method, route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  }),
  makeCounterProvider({ name: LOGIN_ATTEMPTS, help: 'Login attempts by outcome', labelNames: ['outcome'] }),
];

/** Prometheus metrics at /metrics (process defaults plus Tocsin's own). */
@Global()
@Module({
  imports: [PrometheusModule.register({ path: '/metrics', controller: MetricsController, defaultMetrics: { enabled: true } })],
  providers,
  exports: [...providers, PrometheusModule],
})
export class MetricsModule {}
