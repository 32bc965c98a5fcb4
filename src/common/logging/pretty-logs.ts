import type { TransportSingleOptions } from 'pino';
import type { AppConfig } from '../../config/app-config';

/**
 * Pretty lines only for a person reading a terminal in development. Production, tests (NODE_ENV=test, even when
 * jest runs in a terminal: a pretty worker per test app would be cost for nothing) and anything that is not a TTY
 * (CI, containers, a pipe into jq or a log shipper) keep one JSON object per line.
 */
export function prettyLogs(nodeEnv: AppConfig['nodeEnv'], stdoutIsTTY: boolean | undefined): boolean {
  return nodeEnv === 'development' && stdoutIsTTY === true;
}

// pino resolves the target only when this transport is used, in a worker thread, so production never loads it.
export const PRETTY_TRANSPORT: TransportSingleOptions = {
  target: 'pino-pretty',
  options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' },
};
