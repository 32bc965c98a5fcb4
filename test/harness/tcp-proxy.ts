import { createServer, Server, Socket } from 'node:net';

/**
 * A TCP proxy in front of a real dependency, so a test can make it unreachable (close), unresponsive (freeze:
 * connections are accepted and bytes are taken in both directions but none is forwarded, as with a server stopped
 * by SIGSTOP) and bring it back (open, thaw: what was held is delivered in order) without touching the shared server.
 */
export class TcpProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private held: [Socket, Buffer][] | null = null;
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  get frozen(): boolean {
    return this.held !== null;
  }

  async open(): Promise<number> {
    const server = createServer((client) => {
      const upstream = new Socket();
      upstream.connect(this.targetPort, this.targetHost);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      this.forward(client, upstream);
      this.forward(upstream, client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as { port: number }).port;
    this.server = server;
    return this.port;
  }

  /** Stops forwarding: every byte from now on is held, in both directions, until thaw(). */
  freeze(): void {
    this.held ??= [];
  }

  /** Delivers what was held, in order, and forwards again. */
  thaw(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const [to, chunk] of held) if (!to.destroyed) to.write(chunk);
  }

  async close(): Promise<void> {
    this.held = null;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** For a test's failure message: where it forwards, whether it is frozen, how many sockets it holds. */
  toString(): string {
    const frozen = this.held ? ` frozen (${this.held.length} chunks held)` : '';
    return `${this.port} -> ${this.targetPort}${this.server ? '' : ' closed'}${frozen}, ${this.sockets.size} sockets`;
  }

  /** The URL of the target with host and port replaced by the proxy's. */
  rewrite(url: string): string {
    const u = new URL(url);
    u.hostname = '127.0.0.1';
    u.port = String(this.port);
    return u.toString();
  }

  private forward(from: Socket, to: Socket): void {
    from.on('data', (chunk: Buffer) => {
      if (this.held) this.held.push([to, chunk]);
      else if (!to.destroyed) to.write(chunk);
    });
  }
}
