import { Global, Module } from '@nestjs/common';
import { AfterRoutes } from './after-routes';
import { KnownRoutes } from './known-routes';

@Global()
@Module({ providers: [KnownRoutes, AfterRoutes], exports: [KnownRoutes, AfterRoutes] })
export class RoutesModule {}
