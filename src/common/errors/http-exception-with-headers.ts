import { HttpException } from '@nestjs/common';

/**
 * An HTTP error that names the response headers it needs (`Retry-After`, `WWW-Authenticate`). HttpExceptionFilter
 * writes them with the body, so guards and interceptors never touch the response to refuse a request.
 */
export class HttpExceptionWithHeaders extends HttpException {
  constructor(
    body: Record<string, unknown>,
    status: number,
    readonly headers: Readonly<Record<string, string>>,
  ) {
    super(body, status);
  }
}
