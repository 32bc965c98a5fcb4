import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/auth/public.decorator';
import { isoUtc } from '../common/time/timestamp';
import { SERVICE_NAME, SERVICE_VERSION } from '../common/service-info';
import { HealthResponse, LivenessResponse, ServiceInfoResponse } from './dto/health.response';
import { ReadinessResponse } from './dto/readiness.response';
import { ReadinessService } from './readiness.service';

@ApiTags('health')
@Public()
@Controller()
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

  @Get()
  @ApiOperation({ summary: 'Service name, version and where the docs are' })
  @ApiOkResponse({ type: ServiceInfoResponse })
  root(): ServiceInfoResponse {
    return { service: SERVICE_NAME, version: SERVICE_VERSION, docs: '/docs' };
  }

  @Get(['health', 'auth/health'])
  @ApiOperation({ summary: 'Cheap health answer, no I/O' })
  @ApiOkResponse({ type: HealthResponse })
  health(): HealthResponse {
    return { status: 'healthy', service: SERVICE_NAME, version: SERVICE_VERSION, timestamp: isoUtc(new Date()) };
  }

  @Get('live')
  @ApiOperation({ summary: 'Liveness: 200 while the event loop runs' })
  @ApiOkResponse({ type: LivenessResponse })
  live(): LivenessResponse {
    return { status: 'alive' };
  }

  @Get(['ready', 'auth/ready'])
  @ApiOperation({ summary: 'Readiness: database and Redis checks with a short timeout' })
  @ApiOkResponse({ type: ReadinessResponse })
  @ApiServiceUnavailableResponse({ type: ReadinessResponse })
  ready(): Promise<ReadinessResponse> {
    return this.readiness.check();
  }
}
