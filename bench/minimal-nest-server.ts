/*
 * The floor of bench/validation.ts's paced phase: a Nest 12 express app with one POST route and nothing else (no
 * helmet, CORS, logging, metrics, guards or database), in its own process. Its p99 at an even 1000 req/s is what
 * this machine, Node and Nest give before any of the service's code runs. Started by bench/validation.ts on
 * BENCH_PORT + 1; never deployed.
 */
import 'reflect-metadata';
import { Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

@Controller('bench')
class MinimalController {
  @Post('bare')
  @HttpCode(200)
  bare(): { ok: true } {
    return { ok: true };
  }
}

@Module({ controllers: [MinimalController] })
class MinimalModule {}

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(MinimalModule, { logger: false });
  await app.listen(Number(process.env.PORT), '127.0.0.1');
  process.stdout.write('listening\n');
}

bootstrap().catch((err: unknown) => {
  process.stderr.write(`${String((err as Error)?.stack ?? err)}\n`);
  process.exit(1);
});
