import { DynamicModule, Global, Module, Type } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { StoreModule } from '../store/store.module';
import { AdminAuthThrottlerGuard } from './admin-auth-throttler.guard';
import { AuthFailureBudget } from './auth-failure-budget';
import { AdminTokenGuard } from './admin-token.guard';
import { AdminTokens } from './admin-tokens';

/**
 * Global guards, in order: charge failed admin authentications to the client address's budget, then require the
 * admin token. Global like the guards it registers (they run in front of every module's routes): the budget is
 * also charged by the usage ingestion guard. Which module records the failures (an AuthFailureSink provider) is
 * named by the application root, so common never imports a feature module.
 */
@Global()
@Module({})
export class AuthModule {
  static withFailureSink(sinkModule: Type): DynamicModule {
    return {
      module: AuthModule,
      imports: [StoreModule, sinkModule],
      providers: [
        AuthFailureBudget,
        AdminTokens,
        { provide: APP_GUARD, useClass: AdminAuthThrottlerGuard },
        { provide: APP_GUARD, useClass: AdminTokenGuard },
      ],
      exports: [AuthFailureBudget],
    };
  }
}
