import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { AppLogger } from './common/logging/app-logger';
import { configureApp } from './app.setup';
import { ExpressPrototypesAdapter } from './common/request/express-prototypes.adapter';
import { AppConfig } from './config/app-config';
import { checkConfig, ConfigError } from './config/load-config';

async function bootstrap(): Promise<void> {
  // Before Nest: a ConfigError from inside its injector is printed by Nest with a stack, and Nest exits before the
  // one line below.
  checkConfig();
  const app = await NestFactory.create<NestExpressApplication>(AppModule, new ExpressPrototypesAdapter(), {
    bufferLogs: true,
    bodyParser: false,
  });
  configureApp(app);
  const { port } = app.get(AppConfig);
  await app.listen(port);
  app.get(AppLogger).log(`Hokusai auth service listening on port ${port}; docs at /docs`);
}

bootstrap().catch((err: unknown) => {
  // Config errors are one line that names the variable (STYLE.md 8); anything else keeps its stack for operators.
  process.stderr.write(
    `${err instanceof ConfigError ? `Configuration error: ${err.message}` : String((err as Error)?.stack ?? err)}\n`,
  );
  process.exit(1);
});
