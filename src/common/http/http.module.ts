import { Global, Module } from '@nestjs/common';
import { KnownRoutes } from './known-routes';

@Global()
@Module({ providers: [KnownRoutes], exports: [KnownRoutes] })
export class HttpModule {}
