/*
 * The service exactly as src/main.ts builds it (AppModule, configureApp), plus one bare route in the same process:
 * POST /bench/bare only has its JSON body parsed by the app's middleware and answers {"ok":true}. It passes the
 * same helmet, CORS, metrics, pino-http, global guards and filter as POST /api/v1/keys/validate, so the ratio of
 * the two is the cost of validation itself. Started by bench/validation-bench-kit.ts; never deployed.
 */
import 'reflect-metadata';
import { Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from '../src/app.module';
import { configureApp } from '../src/app.setup';
import { ExpressPrototypesAdapter } from '../src/common/request/express-prototypes.adapter';
import { Public } from '../src/common/auth/public.decorator';
import { AppConfig } from '../src/config/app-config';

@Public()
@Controller('bench')
class BareBenchController {
  // No @Body(): the global ValidationPipe stays out of it, as it does for the validate handler (@Req()).
  @Post('bare')
  @HttpCode(200)
  bare(): { ok: true } {
    return { ok: true };
  }
}

@Module({ controllers: [BareBenchController] })
class BareBenchModule {}

@Module({ imports: [AppModule, BareBenchModule] })
class ValidationBenchModule {}

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(ValidationBenchModule, new ExpressPrototypesAdapter(), {
    bufferLogs: true,
    bodyParser: false,
  });
  configureApp(app);
  await app.listen(app.get(AppConfig).port, '127.0.0.1');
}

bootstrap().catch((err: unknown) => {
  process.stderr.write(`${String((err as Error)?.stack ?? err)}\n`);
  process.exit(1);
});
