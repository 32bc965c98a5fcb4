import { Controller, Get, INestApplication, Req, UseGuards } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import type { Request } from 'express';
import request from 'supertest';
import { HokusaiAuthClient } from './hokusai-auth.client';
import { HOKUSAI_AUTH_OPTIONS, HokusaiAuthGuard } from './nest';
import { FakeHokusaiServer } from './testing/fake-hokusai-server';
import { waitUntil } from './testing/wait-until';

describe('HokusaiAuthGuard (Nest)', () => {
  let server: FakeHokusaiServer;
  let sut: INestApplication | undefined;

  async function boot(providers: unknown[], controllers: unknown[]): Promise<INestApplication> {
    const moduleRef = await Test.createTestingModule({
      controllers: controllers as never[],
      providers: providers as never[],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    return app;
  }

  beforeEach(async () => {
    server = new FakeHokusaiServer();
    await server.listen();
  });
  afterEach(async () => {
    await sut?.close();
    sut = undefined;
    await server.close();
  });

  describe('as an instance on a controller', () => {
    beforeEach(async () => {
      const client = new HokusaiAuthClient({ baseUrl: server.url, cacheTtlMs: 0 });

      @Controller('models')
      @UseGuards(new HokusaiAuthGuard({ client, serviceId: 'prediction', requiredScope: 'predict', recordUsage: true }))
      class ModelsController {
        @Get()
        list(@Req() req: Request) {
          return { principal: req.hokusai };
        }
      }
      sut = await boot([], [ModelsController]);
    });

    it('lets a valid key through and attaches the principal', async () => {
      const { apiKey, info } = server.addKey({ service_id: 'prediction', scopes: ['predict'] });
      const res = await request(sut!.getHttpServer())
        .get('/models')
        .set('Authorization', `Bearer ${apiKey}`)
        .expect(200);
      expect(res.body).toEqual({
        principal: { keyId: info.key_id, userId: 'admin', serviceId: 'prediction', scopes: ['predict'] },
      });
      expect(server.requestsTo('/api/v1/keys/validate')[0].body).toEqual({
        service_id: 'prediction',
        required_scope: 'predict',
        client_ip: expect.any(String),
      });
      await waitUntil(() => server.usageOf(info.key_id).length === 1, 'a usage event');
      expect(server.usageOf(info.key_id)[0]).toMatchObject({
        service_id: 'prediction',
        endpoint: '/models',
        status_code: 200,
      });
    });

    it('answers 400, 401 and 429 with the contract bodies', async () => {
      const http = request(sut!.getHttpServer());
      expect((await http.get('/models').expect(400)).body).toEqual({
        detail: 'No API key provided',
        code: 'MISSING_KEY',
      });

      const { apiKey: other } = server.addKey({ service_id: 'website' });
      const wrong = await http.get('/models').set('X-API-Key', other).expect(401);
      expect(wrong.body).toEqual({ detail: 'API key not valid for service prediction', code: 'WRONG_SERVICE' });
      expect(wrong.headers['www-authenticate']).toBe('Bearer');

      const { apiKey } = server.addKey({ service_id: 'prediction', rate_limit_per_hour: 1 });
      await http.get('/models').set('X-API-Key', apiKey).expect(200);
      const limited = await http.get('/models').set('X-API-Key', apiKey).expect(429);
      expect(limited.body).toEqual({ detail: 'Rate limit exceeded', code: 'RATE_LIMITED' });
      expect(limited.headers['retry-after']).toBe('1800');
    });
  });

  describe('as a global guard through DI', () => {
    it('reads its options from HOKUSAI_AUTH_OPTIONS', async () => {
      @Controller('ping')
      class PingController {
        @Get()
        ping(@Req() req: Request) {
          return { keyId: req.hokusai?.keyId };
        }
      }
      const client = new HokusaiAuthClient({ baseUrl: server.url });
      sut = await boot(
        [
          { provide: HOKUSAI_AUTH_OPTIONS, useValue: { client, serviceId: 'platform' } },
          { provide: APP_GUARD, useClass: HokusaiAuthGuard },
        ],
        [PingController],
      );
      const { apiKey, info } = server.addKey();
      await request(sut.getHttpServer()).get('/ping').expect(400);
      const res = await request(sut.getHttpServer()).get('/ping').query({ api_key: apiKey }).expect(200);
      expect(res.body).toEqual({ keyId: info.key_id });
    });
  });
});
