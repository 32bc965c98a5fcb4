import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AuditService } from './audit.service';
import { AuditPageResponse } from './dto/audit-page.response';
import { ListAuditQuery } from './dto/list-audit.query';

@ApiTags('audit')
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({ summary: 'The append-only audit log, newest first (ours)' })
  @ApiOkResponse({ type: AuditPageResponse })
  @ApiUnauthorizedResponse({ description: 'Invalid or missing admin token' })
  list(@Query() query: ListAuditQuery): Promise<AuditPageResponse> {
    return this.audit.list(query);
  }
}
