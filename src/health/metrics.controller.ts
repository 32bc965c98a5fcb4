import { Controller, Get, Headers, StreamableFile } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/auth/public.decorator';
import { MetricsService } from '../common/metrics/metrics.service';
import { MetricsResponse } from '../common/metrics/metrics.response';
import { prefersPrometheus } from './prefers-prometheus';

@ApiTags('health')
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @ApiOperation({ summary: 'Counters as JSON, or Prometheus text when Accept prefers text/plain or OpenMetrics' })
  @ApiProduces('application/json', 'text/plain')
  @ApiHeader({
    name: 'accept',
    required: false,
    description: 'text/plain or OpenMetrics preferred: Prometheus text; otherwise JSON',
  })
  @ApiOkResponse({ type: MetricsResponse })
  async json(@Headers('accept') accept?: string): Promise<MetricsResponse | StreamableFile> {
    return prefersPrometheus(accept) ? this.prometheus() : this.metrics.snapshot();
  }

  @Get('prometheus')
  @ApiOperation({ summary: 'Prometheus text exposition' })
  @ApiProduces('text/plain')
  async prometheus(): Promise<StreamableFile> {
    const { contentType, body } = await this.metrics.prometheus();
    return new StreamableFile(Buffer.from(body), { type: contentType });
  }
}
