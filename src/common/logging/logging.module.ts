import { Global, Module, RequestMethod } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import type { Options } from 'pino-http';
import { AppConfig } from '../../config/app-config';
import { isMachineRoute, machineRoutePatterns } from '../http/machine-routes';
import { requestId } from '../http/request-id';
import { LogDestination } from './log-destination';
import { maskKeys, REDACT_PATHS, safeUrl } from './redaction';
import { RefusalLog } from './refusal-log';
import { UsageAnswerLog } from './usage-answer-log';

// pino-http costs every request it sees a child logger and its listeners, even when it writes nothing (CPU profile
// of validate: about 7 %). The machine routes skip it: validation refusals and non-2xx usage answers are logged by
// RefusalLog, rate limited, errors by the exception filter, slow requests by the metrics middleware.

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
          autoLogging: { ignore: (req: IncomingMessage) => isMachineRoute(req.url) },
          customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
          serializers: {
            req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: safeUrl(req.url) }),
            res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
          },
        };
        return {
          pinoHttp: destination.stream ? [options, destination.stream] : options,
          exclude: machineRoutePatterns().map((path) => ({ path, method: RequestMethod.ALL })),
        };
      },
    }),
  ],
  providers: [RefusalLog, UsageAnswerLog],
  exports: [RefusalLog, UsageAnswerLog],
})
export class LoggingModule {}
