import { Controller, Get, Header, Inject } from '@nestjs/common';

import { Public } from '../public.decorator';
import { TocsinMetrics } from './tocsin-metrics';

/** /metrics for Prometheus. Public on purpose: expose the port on an internal network only. */
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(TocsinMetrics) private readonly metrics: TocsinMetrics) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  index(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
