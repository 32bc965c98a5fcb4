import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Ctx, type RequestContext } from '../common/request/request-context';
import { PaginationHeadersInterceptor } from '../common/pagination/pagination-headers.interceptor';
import { CreateKeyDto } from './dto/create-key.dto';
import { KeyIdParam } from './dto/key-id.param';
import { CreatedKeyResponse, KeyResponse, MessageResponse, RotatedKeyResponse } from './dto/key.response';
import { ListKeysQuery } from './dto/list-keys.query';
import { RotateKeyDto } from './dto/rotate-key.dto';
import { KeyLifecycleService } from './key-lifecycle.service';
import { KeyPage, KeysService } from './keys.service';

@ApiTags('keys')
@ApiUnauthorizedResponse({ description: 'Invalid or missing admin token' })
@Controller('api/v1/keys')
export class KeysController {
  constructor(
    private readonly keys: KeysService,
    private readonly lifecycle: KeyLifecycleService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a key; the key itself is in this response only' })
  @ApiCreatedResponse({ type: CreatedKeyResponse })
  create(@Body() dto: CreateKeyDto, @Ctx() ctx: RequestContext): Promise<CreatedKeyResponse> {
    return this.keys.create(dto, ctx);
  }

  @Get()
  @UseInterceptors(PaginationHeadersInterceptor)
  @ApiOperation({ summary: 'List keys, newest first; Link and X-Next-Cursor when more remain' })
  @ApiOkResponse({ type: [KeyResponse] })
  list(@Query() query: ListKeysQuery): Promise<KeyPage> {
    return this.keys.list(query);
  }

  @Get(':key_id')
  @ApiOperation({ summary: 'Get one key' })
  @ApiOkResponse({ type: KeyResponse })
  @ApiNotFoundResponse({ description: 'API key not found' })
  get(@Param() { key_id }: KeyIdParam): Promise<KeyResponse> {
    return this.keys.get(key_id);
  }

  @Delete(':key_id')
  @ApiOperation({ summary: 'Revoke a key (idempotent); no replica accepts it once this returns' })
  @ApiOkResponse({ type: MessageResponse })
  @ApiNotFoundResponse({ description: 'API key not found' })
  revoke(@Param() { key_id }: KeyIdParam, @Ctx() ctx: RequestContext): Promise<MessageResponse> {
    return this.lifecycle.revoke(key_id, ctx);
  }

  @Post(':key_id/rotate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Issue a successor with the same settings; the old key dies at once or after a grace period',
  })
  @ApiOkResponse({ type: RotatedKeyResponse })
  @ApiNotFoundResponse({ description: 'API key not found' })
  @ApiConflictResponse({ description: 'API key is revoked / API key was already rotated' })
  rotate(
    @Param() { key_id }: KeyIdParam,
    @Body() dto: RotateKeyDto,
    @Ctx() ctx: RequestContext,
  ): Promise<RotatedKeyResponse> {
    return this.lifecycle.rotate(key_id, dto.grace_period_hours ?? undefined, ctx);
  }
}
