import { Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiBody,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Public } from '../common/auth/public.decorator';
import { Ctx, type RequestContext } from '../common/request/request-context';
import { TokenFeedbackResponse } from './dto/token-feedback.response';
import { TokenReportDto } from './dto/token-report.dto';
import { SecretScanningService, type SignedReport } from './secret-scanning.service';
import { Signed } from './signed-report.decorator';

// Public to the admin guard: GitHub holds no admin token. The signature over the body is the authentication.
@ApiTags('secret-scanning')
@Public()
@Controller('api/v1/secret-scanning')
export class SecretScanningController {
  constructor(private readonly scanning: SecretScanningService) {}

  @Post('github')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'GitHub secret-scanning partner endpoint: reported keys are revoked (LEAKED_KEY_ACTION=revoke) or audited (ours)',
    description:
      'Authenticated by the ECDSA P-256 SHA-256 signature of the raw body; 404 unless SECRET_SCANNING_GITHUB_KEYS(_FILE) is set.',
  })
  @ApiHeader({ name: 'Github-Public-Key-Identifier', required: true, description: 'key_identifier of the signing key' })
  @ApiHeader({
    name: 'Github-Public-Key-Signature',
    required: true,
    description: 'base64 DER ECDSA signature of the body',
  })
  @ApiBody({ type: [TokenReportDto], description: 'At most 1000 tokens, at most 1 MiB' })
  @ApiOkResponse({ type: [TokenFeedbackResponse], description: 'One label per token, in the order of the report' })
  @ApiUnauthorizedResponse({ description: 'Missing or invalid signature; nothing was read or changed' })
  @ApiNotFoundResponse({ description: 'Secret scanning is not configured' })
  @ApiPayloadTooLargeResponse({ description: 'Body over 1 MiB' })
  @ApiUnprocessableEntityResponse({ description: 'A signed body that is not a report, or more than 1000 tokens' })
  report(@Signed() signed: SignedReport, @Ctx() ctx: RequestContext): Promise<TokenFeedbackResponse[]> {
    return this.scanning.receive(signed, ctx);
  }
}
