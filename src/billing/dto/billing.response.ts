import { ApiProperty } from '@nestjs/swagger';

export class CurrentUsage {
  @ApiProperty({ type: 'integer', example: 1200, description: 'Requests recorded this month' }) requests!: number;
  @ApiProperty({ type: 'integer', example: 5400, description: 'Predictions made this month' }) predictions!: number;
  @ApiProperty({ type: 'integer', example: 81000, description: 'Compute time this month in milliseconds' })
  compute_ms!: number;
}

export class BillingResponse {
  @ApiProperty({ format: 'uuid', description: 'Id of the key' }) key_id!: string;
  @ApiProperty({ example: 'free', description: "The key's billing plan" }) billing_plan!: string;
  @ApiProperty({ type: CurrentUsage, description: 'The current UTC month' }) current_usage!: CurrentUsage;
  @ApiProperty({
    example: 5000,
    nullable: true,
    type: 'integer',
    description: "The key's monthly_prediction_limit; null: unlimited",
  })
  monthly_limit!: number | null;
  @ApiProperty({
    type: 'number',
    example: 0.4,
    description: 'USD: 0.001 per prediction above the limit, rounded to 6 decimals',
  })
  overage_charges!: number;
  @ApiProperty({ example: '2026-12-01T00:00:00.000+00:00', description: '00:00 UTC on the first day of next month' })
  next_billing_date!: string;
}
