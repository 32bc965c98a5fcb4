import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Controller, Get, Header, HttpCode, INestApplication, Module, Post, Req } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import type { Express, Request } from 'express';
import request from 'supertest';
import { ExpressPrototypesAdapter } from './express-prototypes.adapter';

@Controller()
class ProbeController {
  @Get('probe')
  @HttpCode(203)
  @Header('X-Probe', 'yes')
  probe(@Req() req: Request): Record<string, unknown> {
    return { ip: req.ip, path: req.path, query: req.query, hasResponse: req.res instanceof ServerResponse };
  }

  @Post('probe')
  @HttpCode(200)
  posted(@Req() req: Request): { body: unknown } {
    return { body: req.body as unknown };
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

type Prototypes = { request: object | null; response: object | null };

/** GET /probe, and the prototypes its request and response had when node's http server handed them to Express. */
async function prototypesOfOneRequest(app: INestApplication): Promise<Prototypes[]> {
  const seen: Prototypes[] = [];
  const listener = (message: unknown) => {
    const { request: req, response: res } = message as { request: object; response: object };
    seen.push({ request: Object.getPrototypeOf(req) as object, response: Object.getPrototypeOf(res) as object });
  };
  subscribe('http.server.request.start', listener);
  try {
    await request(app.getHttpServer()).get('/probe').expect(203);
  } finally {
    unsubscribe('http.server.request.start', listener);
  }
  return seen;
}

async function start(options: { forceCloseConnections?: boolean } = {}): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [ProbeModule] }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>(new ExpressPrototypesAdapter(), {
    logger: false,
    ...options,
  });
  await app.init();
  return app;
}

describe('ExpressPrototypesAdapter', () => {
  let app: INestApplication | undefined;
  afterEach(() => app?.close());

  it("constructs requests and responses on the Express app's prototypes, so Express's switch has nothing to do", async () => {
    app = await start();
    const express = app.getHttpAdapter().getInstance() as Express;
    expect(await prototypesOfOneRequest(app)).toEqual([{ request: express.request, response: express.response }]);
  });

  it('keeps every Express and Nest feature of a request and a response: status, headers, query, path, JSON bodies', async () => {
    app = await start();
    const got = await request(app.getHttpServer()).get('/probe?a=1&b=x').expect(203).expect('X-Probe', 'yes');
    expect(got.body).toEqual({ ip: expect.any(String), path: '/probe', query: { a: '1', b: 'x' }, hasResponse: true });
    const posted = await request(app.getHttpServer()).post('/probe').send({ n: 1 }).expect(200);
    expect(posted.body).toEqual({ body: { n: 1 } });
  });

  it("leaves Nest's own server in place for the options that need it (connection tracking)", async () => {
    app = await start({ forceCloseConnections: true });
    expect(await prototypesOfOneRequest(app)).toEqual([
      { request: IncomingMessage.prototype, response: ServerResponse.prototype },
    ]);
  });
});
