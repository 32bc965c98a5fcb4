import { Controller, HttpCode, Post, Req, UseInterceptors } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiBody, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../common/auth/public.decorator';
import { ValidateKeyDto } from './dto/validate-key.dto';
import { ValidationRefusalResponse, ValidationResponse } from './dto/validation.response';
import type { ValidationAnswer } from './validation-answer';
import { ValidationAnswerInterceptor } from './validation-answer.interceptor';
import { ValidationService } from './validation.service';

@ApiTags('validation')
@Public()
@Controller('api/v1/keys')
export class ValidationController {
  constructor(private readonly validation: ValidationService) {}

  // One pipeline (ValidationService) decides; the interceptor hands its answer to Nest, refusals included.
  @Post('validate')
  @HttpCode(200)
  @UseInterceptors(ValidationAnswerInterceptor)
  @ApiOperation({
    summary: 'Validate an API key (Authorization Bearer, X-API-Key, body api_key or query api_key)',
    description: 'Counts one request against the key\'s hourly limit; rate-limit headers on 200 and 429.',
  })
  @ApiBody({ type: ValidateKeyDto, required: false })
  @ApiOkResponse({ type: ValidationResponse })
  @ApiBadRequestResponse({ type: ValidationRefusalResponse, description: 'No API key provided' })
  @ApiUnauthorizedResponse({ type: ValidationRefusalResponse, description: 'Invalid, inactive, expired, wrong service, scope or IP' })
  @ApiTooManyRequestsResponse({ type: ValidationRefusalResponse, description: 'Rate limit exceeded; Retry-After' })
  validate(@Req() req: Request): Promise<ValidationAnswer> {
    return this.validation.validate(req);
  }
}
