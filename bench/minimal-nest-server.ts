/*
 * The floor every service bench compares with: a Nest 12 express app in its own process with one controller and
 * nothing global (no helmet, CORS, logging, metrics, guards, pipes or database). Its routes do what the service's
 * do minus the service's own work: POST /bench/bare parses the same JSON body and answers a validation-sized
 * body, GET /bench/live and /bench/health answer what /live and /health answer. Started by the benches on a port
 * of their own; never deployed.
 */
import 'reflect-metadata';
import { Body, Controller, Get, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { ExpressPrototypesAdapter } from '../src/common/request/express-prototypes.adapter';

// The size of a real validation answer (a uuid, the key's settings, its expiry), so both sides write as much.
const VALIDATION_SIZED = {
  is_valid: true,
  key_id: '00000000-0000-4000-8000-000000000000',
  user_id: 'admin',
  service_id: 'platform',
  scopes: [],
  rate_limit_per_hour: 100000,
  billing_plan: 'free',
  monthly_prediction_limit: null,
  error: null,
  environment: 'production',
  expires_at: null,
};

@Controller('bench')
class MinimalController {
  @Post('bare')
  @HttpCode(200)
  bare(@Body() body: Record<string, unknown>): typeof VALIDATION_SIZED {
    return { ...VALIDATION_SIZED, service_id: typeof body?.service_id === 'string' ? body.service_id : 'platform' };
  }

  @Get('live')
  live(): { status: 'alive' } {
    return { status: 'alive' };
  }

  @Get('health')
  health(): Record<string, string> {
    return {
      status: 'healthy',
      service: 'hokusai-auth-service',
      version: '1.0.0',
      timestamp: new Date().toISOString(),
    };
  }
}

@Module({ controllers: [MinimalController] })
class MinimalModule {}

/**
 * BENCH_FLOOR_ADAPTER=prototypes: the floor on the service's ExpressPrototypesAdapter (requests born on Express's
 * prototypes), to tell how much of a ratio that one change makes. Off by default: the floor is Nest as it ships.
 */
const adapter = () =>
  process.env.BENCH_FLOOR_ADAPTER === 'prototypes' ? new ExpressPrototypesAdapter() : new ExpressAdapter();

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(MinimalModule, adapter(), { logger: false });
  await app.listen(Number(process.env.PORT), '127.0.0.1');
  process.stdout.write('listening\n');
}

// A clean exit on SIGTERM, so that a run under --cpu-prof (bench/profile-validate.ts) writes its profile.
process.once('SIGTERM', () => process.exit(0));

bootstrap().catch((err: unknown) => {
  process.stderr.write(`${String((err as Error)?.stack ?? err)}\n`);
  process.exit(1);
});
