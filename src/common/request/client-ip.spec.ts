import type { Request } from 'express';
import proxyaddr from 'proxy-addr';
import { clientIp } from './client-ip';

/** A request as clientIp reads it: headers, the connection, and Express's compiled `trust proxy`. */
function requestOn(
  socket: { remoteAddress?: string },
  headers: Record<string, string> = {},
  trusted?: string[],
): Request {
  const trust = trusted ? proxyaddr.compile(trusted) : undefined;
  return { headers, socket, app: { get: () => trust } } as unknown as Request;
}

describe('clientIp', () => {
  it("answers the connection's canonical address when no proxy forwarded the request", () => {
    expect(clientIp(requestOn({ remoteAddress: '::ffff:10.1.2.3' }))).toBe('10.1.2.3');
    expect(clientIp(requestOn({ remoteAddress: '2001:db8:0:0::1' }))).toBe('2001:db8::1');
  });

  it('answers every request of one connection alike, and still walks X-Forwarded-For when a request has it', () => {
    const socket = { remoteAddress: '::ffff:10.0.0.9' };
    expect(clientIp(requestOn(socket))).toBe('10.0.0.9');
    expect(clientIp(requestOn(socket))).toBe('10.0.0.9');
    // The same keep-alive connection from a trusted proxy: the forwarded client, not the connection's address.
    expect(clientIp(requestOn(socket, { 'x-forwarded-for': '203.0.113.7' }, ['10.0.0.0/8']))).toBe('203.0.113.7');
    // From an untrusted sender the header is the caller's own writing: the connection's address stands.
    expect(clientIp(requestOn(socket, { 'x-forwarded-for': '203.0.113.7' }))).toBe('10.0.0.9');
  });

  it('answers an empty address for a connection that has none (closed), and does not keep that answer', () => {
    const socket: { remoteAddress?: string } = {};
    expect(clientIp(requestOn(socket))).toBe('');
    socket.remoteAddress = '127.0.0.1';
    expect(clientIp(requestOn(socket))).toBe('127.0.0.1');
  });
});
