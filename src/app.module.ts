import { Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { AuditModule } from './audit/audit.module';
import { BillingModule } from './billing/billing.module';
import { AuthModule } from './common/auth/auth.module';
import { ApiValidationPipe } from './common/errors/api-validation.pipe';
import { HttpExceptionFilter } from './common/errors/http-exception.filter';
import { HttpModule } from './common/http/http.module';
import { LoggingModule } from './common/logging/logging.module';
import { MetricsModule } from './common/metrics/metrics.module';
import { StoreModule } from './common/store/store.module';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { KeysModule } from './keys/keys.module';
import { SecretScanningModule } from './secret-scanning/secret-scanning.module';
import { UsageModule } from './usage/usage.module';
import { ValidationModule } from './validation/validation.module';

@Module({
  imports: [
    ConfigModule,
    LoggingModule,
    StoreModule,
    MetricsModule,
    HttpModule,
    DatabaseModule,
    AuthModule,
    // Express tries routes in the order they were registered, and Nest registers them in this order: the routes
    // called on every platform request come first, so they are not matched after every admin route.
    ValidationModule,
    HealthModule,
    AuditModule,
    KeysModule,
    UsageModule,
    BillingModule,
    SecretScanningModule,
  ],
  providers: [
    { provide: APP_PIPE, useClass: ApiValidationPipe },
    { provide: APP_FILTER, useClass: HttpExceptionFilter },
  ],
})
export class AppModule {}
