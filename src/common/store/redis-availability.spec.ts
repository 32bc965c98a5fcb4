import { Logger } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import type Redis from 'ioredis';
import { RedisAvailability } from './redis-availability';

/** Just what RedisAvailability reads of an ioredis client: its status, its events and PING. */
class FakeClient extends EventEmitter {
  status = 'ready';
  answers = false;
  ping(): Promise<string> {
    return this.answers ? Promise.resolve('PONG') : Promise.reject(new Error('Command timed out'));
  }
}

describe('RedisAvailability', () => {
  let client: FakeClient;
  let sut: RedisAvailability;
  let warn: jest.SpyInstance;
  let log: jest.SpyInstance;

  beforeEach(() => {
    jest.useFakeTimers();
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    client = new FakeClient();
    sut = new RedisAvailability(client as unknown as Redis);
  });
  afterEach(() => {
    sut.stop();
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('a missed deadline marks Redis down while the connection still looks ready, with one log line for many calls', () => {
    expect(sut.degraded).toBe(false);
    for (let i = 0; i < 50; i++) sut.markDown();
    client.emit('error', new Error('ECONNRESET'));
    expect(sut.degraded).toBe(true);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('stays down while PINGs miss their deadline (a frozen server), and comes back when one is answered', async () => {
    // ioredis rejects a command past its commandTimeout; a frozen server never answers it.
    const timedOut = () =>
      new Promise<string>((_, reject) => setTimeout(() => reject(new Error('Command timed out')), 200));
    const fake = client as unknown as { ping: () => Promise<string> };
    fake.ping = timedOut;
    sut.markDown();
    await jest.advanceTimersByTimeAsync(2000);
    expect(sut.degraded).toBe(true);
    fake.ping = () => Promise.resolve('PONG');
    await jest.advanceTimersByTimeAsync(500);
    expect(sut.degraded).toBe(false);
    expect(log).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('recovers by a PING answered in time', async () => {
    client.answers = true;
    sut.markDown();
    await jest.advanceTimersByTimeAsync(300);
    expect(sut.degraded).toBe(false);
    expect(log).toHaveBeenCalledTimes(1);
    sut.markDown();
    expect(warn).toHaveBeenCalledTimes(2);
  });

  it('is degraded while the connection is not ready, and a closing at shutdown is no outage', () => {
    client.status = 'reconnecting';
    expect(sut.degraded).toBe(true);
    sut.stop();
    client.emit('close');
    expect(warn).not.toHaveBeenCalled();
  });
});
