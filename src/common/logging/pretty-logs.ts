import type { TransportSingleOptions } from 'pino';
import type { AppConfig } from '../../config/app-config';

/**
 * Pretty lines only for a person reading a terminal in development. Production, and anything that is not a TTY
 * (tests, CI, containers, a pipe into jq or a log shipper), keeps one JSON object per line.
 */
export function prettyLogs(nodeEnv: AppConfig['nodeEnv'], stdoutIsTTY: boolean | undefined): boolean {
  return nodeEnv !== 'production' && stdoutIsTTY === true;
}

// pino resolves the target only when this transport is used, in a worker thread, so production never loads it.
export const PRETTY_TRANSPORT: TransportSingleOptions = {
  target: 'pino-pretty',
  options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' },
};
