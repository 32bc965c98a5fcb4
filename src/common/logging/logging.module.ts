import { Global, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { LogDestination } from './log-destination';
import { RefusalLog } from './refusal-log';
import { RequestLog } from './request-log';
import { UsageAnswerLog } from './usage-answer-log';

/** Global: RefusalLog is written to by the validation module, and UsageAnswerLog by the error filter. */
@Global()
@Module({
  imports: [
    LoggerModule.forRootAsync({
      providers: [LogDestination, RequestLog],
      inject: [RequestLog],
      // Nest's own log lines go through the same pino logger; no route gets nestjs-pino's middleware (RequestLog).
      useFactory: (requestLog: RequestLog) => ({ pinoHttp: { logger: requestLog.logger }, forRoutes: [] }),
    }),
  ],
  providers: [RefusalLog, UsageAnswerLog],
  exports: [RefusalLog, UsageAnswerLog],
})
export class LoggingModule {}
