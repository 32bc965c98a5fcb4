import type { DestinationStream } from 'pino';

/** Where log lines go: pino's default (stdout) unless a test supplies a stream to read what was logged. */
export class LogDestination {
  readonly stream?: DestinationStream;
}
