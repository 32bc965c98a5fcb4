import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { NestApplicationOptions } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { Express } from 'express';

/**
 * Nest's Express adapter, with requests and responses born on Express's prototypes.
 *
 * Express starts every request by moving the request and the response onto its own prototypes
 * (`Object.setPrototypeOf` in `app.handle`). V8 makes every such object pay for that: under an even load each
 * request's objects outlived a young-generation collection and were promoted, 8 KB a request on a bare Express
 * app and 0 on node's own http server (`--trace-gc-nvp`), and the old generation filled with them (a mark-compact
 * every few seconds, scavenges of 4 to 5 ms). Here node's http server constructs them on those prototypes
 * (its `IncomingMessage` and `ServerResponse` options), so Express's switch finds the prototype already set, which
 * the language defines as doing nothing. Express's upstream discussion of the same cost: expressjs/express#5998.
 *
 * Only where Nest would build a plain http server the same way; HTTPS and Nest's connection-tracking options
 * (which this service does not use) keep Nest's own server, as does a Node whose http classes cannot be called
 * as functions.
 */
export class ExpressPrototypesAdapter extends ExpressAdapter {
  override initHttpServer(options: NestApplicationOptions): void {
    const nestOwn = options?.httpsOptions || options?.forceCloseConnections || options?.return503OnClosing;
    if (nestOwn || !callableConstructors()) {
      super.initHttpServer(options);
      return;
    }
    const app = this.getInstance<Express>();
    this.httpServer = createServer({ IncomingMessage: requestOn(app), ServerResponse: responseOn(app) }, app);
  }
}

/** Node's http classes are function constructors (not `class`), so a constructor can run them on another prototype. */
function callableConstructors(): boolean {
  return [IncomingMessage, ServerResponse].every((c) => !Function.prototype.toString.call(c).startsWith('class'));
}

function requestOn(app: Express): typeof IncomingMessage {
  function ExpressRequest(this: IncomingMessage, socket: Socket): void {
    (IncomingMessage as unknown as (this: IncomingMessage, socket: Socket) => void).call(this, socket);
  }
  ExpressRequest.prototype = app.request;
  return ExpressRequest as unknown as typeof IncomingMessage;
}

function responseOn(app: Express): typeof ServerResponse {
  function ExpressResponse(this: ServerResponse, req: IncomingMessage, options?: object): void {
    (ServerResponse as unknown as (this: ServerResponse, req: IncomingMessage, options?: object) => void).call(
      this,
      req,
      options,
    );
  }
  ExpressResponse.prototype = app.response;
  return ExpressResponse as unknown as typeof ServerResponse;
}
