import { ApiProperty } from '@nestjs/swagger';

/** One entry of GitHub's secret-scanning feedback format, in the order of the report. */
export class TokenFeedbackResponse {
  @ApiProperty({ description: 'The token as reported', example: 'hk_live_…' })
  token_raw!: string;

  @ApiProperty({ description: 'The type GitHub reported it under', example: 'hokusai_api_key' })
  token_type!: string;

  @ApiProperty({ enum: ['true_positive', 'false_positive'], description: 'true_positive: a key this service issued' })
  label!: 'true_positive' | 'false_positive';
}
