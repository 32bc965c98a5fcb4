import { Injectable, LoggerService } from '@nestjs/common';
import type { Level, Logger } from 'pino';
import { RequestLog } from './request-log';

/**
 * Nest's logger (app.useLogger) writing to the service's one pino logger: every `new Logger(context)` line and
 * Nest's own lines become JSON lines with a `context` field. It replaces nestjs-pino, whose releases that support
 * Nest 12 declare Node >= 22.12 (this service runs on Node 20) and whose remaining part here was this adapter:
 * request logging is RequestLog's, at the front door.
 *
 * Call forms, as nestjs-pino read them: `log('message', context)`, `warn({ fields }, 'message', context)`,
 * `error(err, context)`, and Nest's exception handlers' `error('message', stack, context)`, whose stack becomes
 * the `err` field. A line written during a request carries no request binding: that took an AsyncLocalStorage
 * around every request, whose promise hook Node 20 runs for every promise, the validation hot path's included.
 * Lines that belong to a request name its id themselves (the error filter's `requestId`).
 */
@Injectable()
export class AppLogger implements LoggerService {
  private readonly logger: Logger;

  constructor(requestLog: RequestLog) {
    this.logger = requestLog.logger;
  }

  verbose(message: unknown, ...optional: unknown[]): void {
    this.write('trace', message, optional);
  }

  debug(message: unknown, ...optional: unknown[]): void {
    this.write('debug', message, optional);
  }

  log(message: unknown, ...optional: unknown[]): void {
    this.write('info', message, optional);
  }

  warn(message: unknown, ...optional: unknown[]): void {
    this.write('warn', message, optional);
  }

  error(message: unknown, ...optional: unknown[]): void {
    this.write('error', message, optional);
  }

  fatal(message: unknown, ...optional: unknown[]): void {
    this.write('fatal', message, optional);
  }

  private write(level: Level, message: unknown, optional: unknown[]): void {
    // Nest passes the context last, whenever a Logger has one.
    const fields: Record<string, unknown> = optional.length ? { context: optional[optional.length - 1] } : {};
    const params = optional.slice(0, -1);
    if (message instanceof Error) {
      this.logger[level]({ ...fields, err: message }, ...(params as []));
    } else if (typeof message === 'object' && message !== null) {
      this.logger[level]({ ...fields, ...message }, ...(params as []));
    } else if (level === 'error' && isStack(params)) {
      this.logger[level]({ ...fields, err: Object.assign(new Error(String(message)), { stack: params[0] }) });
    } else {
      this.logger[level](fields, message as string, ...(params as []));
    }
  }
}

/** Nest's exception handlers call error(message, stack, context). */
function isStack(params: unknown[]): params is [string] {
  return params.length === 1 && typeof params[0] === 'string' && /\n\s*at /.test(params[0]);
}
