import { applyDecorators, HttpCode, UseGuards } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiServiceUnavailableResponse,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Public } from '../../common/auth/public.decorator';
import { IngestRateLimitGuard } from './ingest-rate-limit.guard';
import { UsageAuthGuard } from './usage-auth.guard';

/**
 * What every usage ingestion route (record, batch, debit) shares: open to platform services (no admin token),
 * rate limited per client IP, USAGE_AUTH checked, 200 rather than Nest's 201. Refusals carry their own headers (HttpExceptionWithHeaders).
 */
export const IngestionRoute = () =>
  applyDecorators(
    Public(),
    HttpCode(200),
    UseGuards(IngestRateLimitGuard, UsageAuthGuard),
    ApiUnauthorizedResponse({ description: 'USAGE_AUTH=token and no valid USAGE_TOKEN or admin token' }),
    ApiNotFoundResponse({ description: '{"detail": "API key not found"}' }),
    ApiUnprocessableEntityResponse({ description: 'Schema violation; nothing recorded' }),
    ApiTooManyRequestsResponse({ description: '{"detail": "Too many requests"} with Retry-After (per client IP)' }),
    ApiServiceUnavailableResponse({
      description: 'Buffer full or draining: nothing recorded; retry after Retry-After',
    }),
  );
