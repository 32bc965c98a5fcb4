import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * One entry of GitHub's report, for the OpenAPI document only: the body is verified as raw bytes and read by
 * readTokenReports after the signature held, never by the global ValidationPipe.
 */
export class TokenReportDto {
  @ApiProperty({ description: 'The matched text: hk_(live|test|dev)_ and 32 base62 characters', example: 'hk_live_…' })
  token!: string;

  @ApiPropertyOptional({ maxLength: 100, example: 'hokusai_api_key', description: 'Secret type GitHub matched it as' })
  type?: string;

  @ApiPropertyOptional({
    maxLength: 2048,
    example: 'https://github.com/octo/repo/blob/abc/config.env',
    description: 'Where GitHub found the token',
  })
  url?: string;

  @ApiPropertyOptional({
    maxLength: 100,
    example: 'content',
    description: 'Kind of place it was found in (content, commit, issue, ...)',
  })
  source?: string;
}
