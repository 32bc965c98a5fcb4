import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { MemoryStore } from './memory.store';
import { RedisStore } from './redis.store';
import { Store } from './store.port';

@Global()
@Module({
  providers: [
    {
      provide: Store,
      inject: [AppConfig],
      useFactory: (config: AppConfig): Store =>
        config.redis
          ? new RedisStore(config.redis, { commandTimeoutMs: config.redisCommandTimeoutMs })
          : new MemoryStore(),
    },
  ],
  exports: [Store],
})
export class StoreModule implements OnApplicationShutdown {
  constructor(@Inject(Store) private readonly store: Store) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
