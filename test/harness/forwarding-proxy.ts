import { createServer, request, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An HTTP reverse proxy like ingress-nginx with `$proxy_add_x_forwarded_for`: it appends the address of the
 * connection it received to whatever X-Forwarded-For the caller wrote, then forwards to the target port.
 */
export class ForwardingProxy {
  private server?: Server;
  port = 0;

  constructor(private readonly targetPort: number) {}

  async open(): Promise<number> {
    const server = createServer((inbound, outbound) => {
      const given = inbound.headers['x-forwarded-for'];
      const headers = {
        ...inbound.headers,
        'x-forwarded-for': [given, inbound.socket.remoteAddress].filter(Boolean).join(', '),
      };
      const upstream = request(
        { host: '127.0.0.1', port: this.targetPort, method: inbound.method, path: inbound.url, headers },
        (res) => {
          outbound.writeHead(res.statusCode ?? 502, res.headers);
          res.pipe(outbound);
        },
      );
      upstream.on('error', () => outbound.writeHead(502).end());
      inbound.pipe(upstream);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return this.port;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()).closeAllConnections());
  }
}
