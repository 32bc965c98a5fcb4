import { ApiProperty } from '@nestjs/swagger';

export const SERVICE_NAME = 'hokusai-auth-service';
export const SERVICE_VERSION = '1.0.0';

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
