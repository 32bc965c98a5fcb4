import { Injectable } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import pino, { type Logger } from 'pino';
import { pinoHttp, type HttpLogger } from 'pino-http';
import { AppConfig } from '../../config/app-config';
import { isMachineRoute } from '../routes/machine-routes';
import { requestId } from '../request/request-id';
import { LogDestination } from './log-destination';
import { PRETTY_TRANSPORT, prettyLogs } from './pretty-logs';
import { maskKeys, REDACT_PATHS, safeUrl } from './redaction';

/**
 * The service's one pino logger (AppLogger writes Nest's lines to it), and the request line written for every
 * request that is not a machine route. Part of the front door (app.setup.ts) rather than a middleware with an
 * exclusion list: Nest checks such a list on every request, the machine routes too, once for each of its two
 * layers (CPU profile of /live). Validation refusals and non-2xx usage answers are logged by RefusalLog and
 * UsageAnswerLog, errors by the exception filter, slow requests by HttpMetrics.
 */
@Injectable()
export class RequestLog {
  readonly logger: Logger;
  private readonly http: HttpLogger;

  constructor(config: AppConfig, destination: LogDestination) {
    const options = {
      level: config.logLevel,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      // Whatever else a line holds (a message, an error, a URL), a key-shaped string in it is masked.
      hooks: { streamWrite: maskKeys },
    };
    const pretty = prettyLogs(config.nodeEnv, process.stdout.isTTY);
    // A test's stream stays as it is: the suite reads the JSON lines it captures.
    this.logger = destination.stream
      ? pino(options, destination.stream)
      : pino(pretty ? { ...options, transport: PRETTY_TRANSPORT } : options);
    this.http = pinoHttp({
      logger: this.logger,
      genReqId: (req, res) => requestId(req, res),
      customLogLevel: (_req, res, err) =>
        err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: safeUrl(req.url),
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    });
  }

  /** Off the machine routes: the request's line when its response finishes, and req.id (read by audit rows). */
  readonly write = (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    if (!isMachineRoute(req.url)) this.http(req, res);
    next();
  };
}
