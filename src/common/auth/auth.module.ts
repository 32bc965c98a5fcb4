import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfig } from '../../config/app-config';
import { StoreThrottlerStorage } from '../store/store-throttler.storage';
import { Store } from '../store/store.port';
import { AdminAuthThrottlerGuard } from './admin-auth-throttler.guard';
import { AuthFailureBudget } from './auth-failure-budget';
import { AdminTokenGuard } from './admin-token.guard';

export const ADMIN_AUTH_THROTTLER = 'admin-auth';

/**
 * Global guards, in order: charge failed admin authentications to the client address's budget, then require the
 * admin token. Global like the guards it registers: the budget is also charged by the usage ingestion guard,
 * which the usage and billing controllers both use (those routes take the admin token too under USAGE_AUTH=token).
 */
@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [AppConfig, Store],
      useFactory: (config: AppConfig, store: Store) => ({
        throttlers: [{ name: ADMIN_AUTH_THROTTLER, ttl: 60_000, limit: config.adminAuthFailuresPerMinute }],
        storage: new StoreThrottlerStorage(store),
        setHeaders: false,
      }),
    }),
  ],
  providers: [
    AuthFailureBudget,
    { provide: APP_GUARD, useClass: AdminAuthThrottlerGuard },
    { provide: APP_GUARD, useClass: AdminTokenGuard },
  ],
  exports: [AuthFailureBudget],
})
export class AuthModule {}
