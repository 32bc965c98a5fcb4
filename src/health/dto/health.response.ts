import { ApiProperty } from '@nestjs/swagger';
import { SERVICE_NAME, SERVICE_VERSION } from '../../common/service-info';

export class HealthResponse {
  @ApiProperty({ example: 'healthy' }) status!: 'healthy';
  @ApiProperty({ example: SERVICE_NAME }) service!: string;
  @ApiProperty({ example: SERVICE_VERSION }) version!: string;
  @ApiProperty({ example: '2026-11-24T10:15:30.123+00:00' }) timestamp!: string;
}

export class LivenessResponse {
  @ApiProperty({ example: 'alive' }) status!: 'alive';
}

export class ServiceInfoResponse {
  @ApiProperty({ example: SERVICE_NAME }) service!: string;
  @ApiProperty({ example: SERVICE_VERSION }) version!: string;
  @ApiProperty({ example: '/docs' }) docs!: string;
}
