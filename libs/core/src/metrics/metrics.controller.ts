import { Controller, Get, Res } from '@nestjs/common';
import { PrometheusController } from '@willsoto/nestjs-prometheus';

import { Public } from '../public.decorator';

/** /metrics for Prometheus. Public on purpose: expose the port on an internal network only. */
@Public()
@Controller()
export class MetricsController extends PrometheusController {
  @Get()
  override index(@Res({ passthrough: true }) response: Parameters<PrometheusController['index']>[0]) {
    return super.index(response);
  }
}
