import { Global, Module } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import type { Options } from 'pino-http';
import { AppConfig } from '../../config/app-config';
import { requestId } from '../http/request-id';
import { LogDestination } from './log-destination';
import { maskKeys, REDACT_PATHS, safeUrl } from './redaction';
import { RefusalLog } from './refusal-log';
import { UsageAnswerLog } from './usage-answer-log';

// Per-request success logs cost ~40% throughput (ARCHITECTURE.md); these routes log no request line. Validation
// refusals and non-2xx usage answers are logged by RefusalLog instead, rate limited.
const QUIET = /^\/(api\/v1\/keys\/validate|api\/v1\/usage\/|health|live|ready|metrics|auth\/(health|ready))/;

/** Global: RefusalLog is written to by the validation module, and UsageAnswerLog by the error filter. */
@Global()
@Module({
  imports: [
    LoggerModule.forRootAsync({
      providers: [LogDestination],
      inject: [AppConfig, LogDestination],
      useFactory: (config: AppConfig, destination: LogDestination) => {
        const options: Options = {
          level: config.logLevel,
          genReqId: (req, res) => requestId(req, res),
          redact: { paths: REDACT_PATHS, censor: '[redacted]' },
          // Whatever else a line holds (a message, an error, a URL), a key-shaped string in it is masked.
          hooks: { streamWrite: maskKeys },
          autoLogging: { ignore: (req: IncomingMessage) => QUIET.test(req.url ?? '') },
          customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
          serializers: {
            req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: safeUrl(req.url) }),
            res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
          },
        };
        return { pinoHttp: destination.stream ? [options, destination.stream] : options };
      },
    }),
  ],
  providers: [RefusalLog, UsageAnswerLog],
  exports: [RefusalLog, UsageAnswerLog],
})
export class LoggingModule {}
