import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { MAX_JSON_DEPTH } from '../body/json-depth';
import { KnownRoutes } from '../routes/known-routes';
import { UsageAnswerLog } from '../logging/usage-answer-log';
import { requestId } from '../request/request-id';
import { isDatabaseUnavailable } from './database-unavailable';
import { HttpExceptionWithHeaders } from './http-exception-with-headers';
import { RawBodyHttpException } from './raw-body.exception';
import { HandWrittenViolation, RequestValidationError } from './request-validation.error';

const RETRY_AFTER_SECONDS = 5;

type Body = { detail: unknown; code?: string } | Record<string, unknown>;

/**
 * Owns every error body (STYLE.md 11): FastAPI's shapes from CONTRACT.md "Errors". Unknown errors become a
 * generic 500, logged with the request id, never echoed.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  constructor(
    private readonly routes: KnownRoutes,
    private readonly usageAnswers: UsageAnswerLog,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    // Set first for every request (configureApp); an error raised before that middleware ran gets one here.
    const id = res.headersSent ? String(res.getHeader('X-Request-Id') ?? '') : requestId(req, res);
    const [status, body] = this.render(exception, req, id);
    if (res.headersSent) return;
    if (exception instanceof HttpExceptionWithHeaders)
      for (const [name, value] of Object.entries(exception.headers)) res.setHeader(name, value);
    if (status === 503 && !res.getHeader('Retry-After')) res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    this.usageAnswers.report(req, status, body, id);
    res.status(status).json(body);
  }

  private render(exception: unknown, req: Request, id: string): [number, Body] {
    if (exception instanceof RequestValidationError) return [422, { detail: exception.violations() }];
    if (exception instanceof HandWrittenViolation) return [422, { detail: exception.list }];
    const bodyParser = bodyParserError(exception);
    if (bodyParser) return bodyParser;
    if (isUndecodablePathParam(exception)) {
      return [
        422,
        { detail: [{ loc: ['path'], msg: 'Path parameter is not valid percent-encoding', type: 'value_error' }] },
      ];
    }
    if (exception instanceof RawBodyHttpException) return [exception.getStatus(), exception.body];
    if (exception instanceof ThrottlerException) return [429, { detail: 'Too many requests' }];
    if (exception instanceof HttpException) return this.renderHttp(exception, req);
    if (isDatabaseUnavailable(exception)) {
      this.logger.warn({ err: (exception as Error).message, requestId: id }, 'Database unavailable');
      return [503, { detail: 'Service temporarily unavailable' }];
    }
    this.logger.error({ err: exception, requestId: id }, 'Unhandled error');
    return [500, { detail: 'Internal Server Error' }];
  }

  private renderHttp(exception: HttpException, req: Request): [number, Body] {
    const status = exception.getStatus();
    const response = exception.getResponse();
    if (status === 404 && isRouterMiss(response)) {
      const allowed = this.routes.methodsFor(req.path);
      if (allowed.length) return [405, { detail: 'Method Not Allowed' }];
      return [404, { detail: 'Not Found' }];
    }
    if (typeof response === 'object' && response && 'detail' in response) return [status, response];
    if (status >= 500) {
      if (status !== 503) this.logger.error({ err: exception, requestId: req.id }, 'Server error');
      return [status, { detail: status === 503 ? 'Service temporarily unavailable' : 'Internal Server Error' }];
    }
    return [status, { detail: typeof response === 'string' ? response : exception.message }];
  }
}

function isRouterMiss(response: string | object): boolean {
  const message = typeof response === 'object' ? (response as { message?: unknown }).message : response;
  return typeof message === 'string' && message.startsWith('Cannot ');
}

/** The router's URIError for a path like /api/v1/keys/%E0%A4%A: a malformed path parameter, so a 422. */
function isUndecodablePathParam(exception: unknown): boolean {
  const raw = exception instanceof HttpException && exception.cause ? exception.cause : exception;
  return raw instanceof URIError && raw.message.startsWith('Failed to decode param');
}

/** body-parser's errors, raw or as the `cause` Nest's express adapter wraps them in. */
function bodyParserError(exception: unknown): [number, Body] | undefined {
  const raw = exception instanceof HttpException && exception.cause ? exception.cause : exception;
  const type = (raw as { type?: unknown })?.type;
  if (type === 'entity.too.large') return [413, { detail: 'Request body too large' }];
  if (type === 'entity.too.deep') {
    return [
      422,
      { detail: [{ loc: ['body'], msg: `JSON nested deeper than ${MAX_JSON_DEPTH} levels`, type: 'json_too_deep' }] },
    ];
  }
  if (type === 'entity.parse.failed') {
    return [422, { detail: [{ loc: ['body'], msg: 'JSON decode error', type: 'json_invalid' }] }];
  }
  if ((typeof type === 'string' && type.startsWith('encoding.')) || type === 'charset.unsupported') {
    return [415, { detail: 'Unsupported request encoding' }];
  }
  return undefined;
}
