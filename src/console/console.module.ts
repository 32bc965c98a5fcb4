import { Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { CONSOLE_PATH, consolePage, uplotFiles, VENDOR_PATH } from './console-assets';

/**
 * The admin console (issue 21): static files on Express, no controller, so nothing here is an API route and the
 * admin guard never sees these requests (the page loads without the token; its API calls carry it). Mounted in
 * onModuleInit, which Nest runs after the API routes and before its not-found handler (after-routes.ts): API
 * requests never walk these layers, and an unknown /console/... file still gets the API's 404 body.
 */
@Module({})
export class ConsoleModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const http = this.adapterHost.httpAdapter;
    http.use(VENDOR_PATH, uplotFiles());
    http.use(CONSOLE_PATH, consolePage());
  }
}
