import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfig } from '../../config/app-config';
import { StoreThrottlerStorage } from '../store/store-throttler.storage';
import { Store } from '../store/store.port';
import { AdminAuthThrottlerGuard } from './admin-auth-throttler.guard';
import { AdminTokenGuard } from './admin-token.guard';

export const ADMIN_AUTH_THROTTLER = 'admin-auth';

/** Global guards, in order: throttle failed admin authentications per IP, then require the admin token. */
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
    { provide: APP_GUARD, useClass: AdminAuthThrottlerGuard },
    { provide: APP_GUARD, useClass: AdminTokenGuard },
  ],
})
export class AuthModule {}
