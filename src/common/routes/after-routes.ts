import { Injectable, OnModuleInit } from '@nestjs/common';

/**
 * Runs work during the app's init after Nest has registered every route and before its 404 handler: Express tries
 * routes in registration order, so what is mounted here (Swagger UI and the OpenAPI document) is no longer tested
 * by every API request on its way to its route (the CPU profile's largest remaining entry was that layer walk).
 * Nest calls onModuleInit between registering the router and registering its not-found handler.
 */
@Injectable()
export class AfterRoutes implements OnModuleInit {
  private readonly work: (() => void)[] = [];

  schedule(work: () => void): void {
    this.work.push(work);
  }

  onModuleInit(): void {
    for (const w of this.work.splice(0)) w();
  }
}
