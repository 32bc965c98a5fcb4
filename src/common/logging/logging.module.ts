import { Global, Module } from '@nestjs/common';
import { AppLogger } from './app-logger';
import { LogDestination } from './log-destination';
import { RefusalLog } from './refusal-log';
import { RequestLog } from './request-log';
import { UsageAnswerLog } from './usage-answer-log';

/**
 * One pino logger (RequestLog's): the request lines at the front door, Nest's lines through AppLogger. Global:
 * RefusalLog is written to by the validation module, and UsageAnswerLog by the error filter.
 */
@Global()
@Module({
  providers: [LogDestination, RequestLog, AppLogger, RefusalLog, UsageAnswerLog],
  exports: [RequestLog, AppLogger, RefusalLog, UsageAnswerLog],
})
export class LoggingModule {}
