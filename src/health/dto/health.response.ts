import { ApiProperty } from '@nestjs/swagger';
import { SERVICE_NAME, SERVICE_VERSION } from '../../common/service-info';

export class HealthResponse {
  @ApiProperty({ example: 'healthy', description: 'Always healthy while the process answers' }) status!: 'healthy';
  @ApiProperty({ example: SERVICE_NAME, description: 'Name of the service' }) service!: string;
  @ApiProperty({ example: SERVICE_VERSION, description: 'Version of the service' }) version!: string;
  @ApiProperty({ example: '2026-11-24T10:15:30.123+00:00', description: 'Time of the answer (UTC)' })
  timestamp!: string;
}

export class LivenessResponse {
  @ApiProperty({ example: 'alive', description: 'Always alive while the event loop runs' }) status!: 'alive';
}

export class ServiceInfoResponse {
  @ApiProperty({ example: SERVICE_NAME, description: 'Name of the service' }) service!: string;
  @ApiProperty({ example: SERVICE_VERSION, description: 'Version of the service' }) version!: string;
  @ApiProperty({ example: '/docs', description: 'Path of the Swagger UI' }) docs!: string;
}
