import { Global, Module } from '@nestjs/common';

import { MetricsController } from './metrics.controller';
import { TocsinMetrics } from './tocsin-metrics';

/** Prometheus metrics at /metrics (see TocsinMetrics). */
@Global()
@Module({ providers: [TocsinMetrics], controllers: [MetricsController], exports: [TocsinMetrics] })
export class MetricsModule {}
