import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../common/auth/public.decorator';
import { ValidateKeyDto } from './dto/validate-key.dto';
import { ValidationRefusalResponse, ValidationResponse } from './dto/validation.response';
import { settle } from './validation-answer';
import { ValidationService } from './validation.service';

@ApiTags('validation')
@Public()
@Controller('api/v1/keys')
export class ValidationController {
  constructor(private readonly validation: ValidationService) {}

  // One pipeline (ValidationService) decides; settle() hands its answer to Nest: headers on the response, a success
  // returned, a refusal thrown for the error filter. Not an interceptor: its observable chain cost 4.5 % of the
  // route's CPU profile, for a translation that is one synchronous call.
  @Post('validate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Validate an API key (Authorization Bearer, X-API-Key, body api_key or query api_key)',
    description: "Counts one request against the key's hourly limit; rate-limit headers on 200 and 429.",
  })
  @ApiBody({ type: ValidateKeyDto, required: false })
  @ApiOkResponse({ type: ValidationResponse })
  @ApiBadRequestResponse({ type: ValidationRefusalResponse, description: 'No API key provided' })
  @ApiUnauthorizedResponse({
    type: ValidationRefusalResponse,
    description: 'Invalid, inactive, expired, wrong service, scope or IP',
  })
  @ApiTooManyRequestsResponse({ type: ValidationRefusalResponse, description: 'Rate limit exceeded; Retry-After' })
  async validate(@Req() req: Request): Promise<ValidationResponse> {
    return settle(await this.validation.validate(req), req.res!);
  }
}
