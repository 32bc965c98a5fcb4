import { Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { AuditModule } from './audit';
import { BillingModule } from './billing';
import { AuthModule } from './common/auth/auth.module';
import { ApiValidationPipe } from './common/errors/api-validation.pipe';
import { HttpExceptionFilter } from './common/errors/http-exception.filter';
import { RoutesModule } from './common/routes/routes.module';
import { LoggingModule } from './common/logging/logging.module';
import { MetricsModule } from './common/metrics/metrics.module';
import { StoreModule } from './common/store/store.module';
import { ConfigModule } from './config/config.module';
import { ConsoleModule } from './console';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health';
import { KeysModule } from './keys';
import { SecretScanningModule } from './secret-scanning';
import { UsageModule } from './usage';
import { ValidationModule } from './validation';

@Module({
  imports: [
    ConfigModule,
    LoggingModule,
    StoreModule,
    MetricsModule,
    RoutesModule,
    DatabaseModule,
    AuthModule.withFailureSink(AuditModule),
    // Express tries routes in the order they were registered, and Nest registers them in this order: the routes
    // called on every platform request come first, so they are not matched after every admin route.
    ValidationModule,
    HealthModule,
    AuditModule,
    KeysModule,
    UsageModule,
    BillingModule,
    SecretScanningModule,
    // Static files, mounted after every API route (console.module.ts says why).
    ConsoleModule,
  ],
  providers: [
    { provide: APP_PIPE, useClass: ApiValidationPipe },
    { provide: APP_FILTER, useClass: HttpExceptionFilter },
  ],
})
export class AppModule {}
