import { Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiBody, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../common/auth/public.decorator';
import { ApiKeyGuard } from './api-key.guard';
import { ValidateKeyDto } from './dto/validate-key.dto';
import { ValidationRefusalResponse, ValidationResponse } from './dto/validation.response';
import { IpAllowlistGuard } from './ip-allowlist.guard';
import { KeyRateLimitGuard } from './key-rate-limit.guard';
import { validationContextOf } from './validation-context';
import { ValidationService } from './validation.service';

@ApiTags('validation')
@Public()
@Controller('api/v1/keys')
export class ValidationController {
  constructor(private readonly validation: ValidationService) {}

  // Guards in the contract's order: the key and its status, then the client IP, then the rate limit.
  @Post('validate')
  @HttpCode(200)
  @UseGuards(ApiKeyGuard, IpAllowlistGuard, KeyRateLimitGuard)
  @ApiOperation({
    summary: 'Validate an API key (Authorization Bearer, X-API-Key, body api_key or query api_key)',
    description: 'Counts one request against the key\'s hourly limit; rate-limit headers on 200 and 429.',
  })
  @ApiBody({ type: ValidateKeyDto, required: false })
  @ApiOkResponse({ type: ValidationResponse })
  @ApiBadRequestResponse({ type: ValidationRefusalResponse, description: 'No API key provided' })
  @ApiUnauthorizedResponse({ type: ValidationRefusalResponse, description: 'Invalid, inactive, expired, wrong service, scope or IP' })
  @ApiTooManyRequestsResponse({ type: ValidationRefusalResponse, description: 'Rate limit exceeded; Retry-After' })
  validate(@Req() req: Request): ValidationResponse {
    return this.validation.accept(validationContextOf(req).key);
  }
}
