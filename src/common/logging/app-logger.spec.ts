import { Logger } from '@nestjs/common';
import { Writable } from 'node:stream';
import type { AppConfig } from '../../config/app-config';
import { AppLogger } from './app-logger';
import { RequestLog } from './request-log';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk)) as Record<string, unknown>), done()),
  });
  const requestLog = new RequestLog({ logLevel: 'trace', nodeEnv: 'test' } as AppConfig, { stream });
  return { logger: new AppLogger(requestLog), lines };
}

describe('AppLogger (Nest lines into pino)', () => {
  it('writes a message with its context at the matching pino level', () => {
    const { logger, lines } = capture();
    logger.log('Started', 'Bootstrap');
    logger.warn('Careful', 'Store');
    logger.verbose('Detail', 'Store');
    expect(lines.map((l) => [l.level, l.msg, l.context])).toEqual([
      [30, 'Started', 'Bootstrap'],
      [40, 'Careful', 'Store'],
      [10, 'Detail', 'Store'],
    ]);
  });

  it('merges a fields object, and turns an Error into the err field', () => {
    const { logger, lines } = capture();
    logger.warn({ key_id: 'k1' }, 'Leaked key', 'LeakResponder');
    logger.error(new Error('boom'), 'UsageBuffer');
    expect(lines[0]).toMatchObject({ level: 40, key_id: 'k1', msg: 'Leaked key', context: 'LeakResponder' });
    expect(lines[1]).toMatchObject({ level: 50, context: 'UsageBuffer', err: { message: 'boom' } });
  });

  it("keeps the stack Nest's exception handlers pass as a second string", () => {
    const { logger, lines } = capture();
    const stack = 'Error: broken\n    at handler (file.js:1:1)';
    logger.error('broken', stack, 'ExceptionsHandler');
    expect(lines[0]).toMatchObject({ level: 50, context: 'ExceptionsHandler', err: { message: 'broken', stack } });
  });

  it("carries Nest's Logger calls once it is the app's logger", () => {
    const { logger, lines } = capture();
    Logger.overrideLogger(logger);
    try {
      new Logger('KeyVerifier').warn({ err: 'no proof' }, 'Could not share a key proof in Redis');
    } finally {
      Logger.overrideLogger(false);
    }
    expect(lines).toEqual([
      expect.objectContaining({
        level: 40,
        context: 'KeyVerifier',
        err: 'no proof',
        msg: 'Could not share a key proof in Redis',
      }),
    ]);
  });
});
