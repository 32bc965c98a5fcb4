import { INestApplication } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { AfterRoutes } from './common/routes/after-routes';
import { useJsonBodies } from './common/body/json-body';
import { inOrder } from './common/request/in-order';
import { KnownRoutes } from './common/routes/known-routes';
import { hotRoutesFirst } from './common/routes/hot-routes-first';
import { requestIdMiddleware } from './common/request/request-id';
import { securityHeaders } from './common/request/security-headers';
import { AppLogger } from './common/logging/app-logger';
import { RequestLog } from './common/logging/request-log';
import { HttpMetrics } from './common/metrics/http-metrics';
import { AppConfig } from './config/app-config';
import { SERVICE_VERSION } from './common/service-info';

/** Everything around the routes, shared by main.ts and the e2e harness (STYLE.md 13). */
export function configureApp(app: NestExpressApplication): void {
  const config = app.get(AppConfig);
  app.useLogger(app.get(AppLogger));
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  // Express hashes every JSON answer for a weak ETag (CPU profile of GET /live: about 2 %); no client of this API
  // sends If-None-Match, and the machine routes' answers are no-store anyway.
  app.set('etag', false);
  // The front door, ahead of every Express layer (in-order.ts says why layers count), through the adapter's
  // request hook, which Nest runs for each request inside the one layer it mounts anyway: first the request id, so
  // every response carries X-Request-Id (/docs and Swagger's assets never reach Nest's router), then headers,
  // timing and, off the machine routes, the request's log line.
  app
    .get(HttpAdapterHost)
    .httpAdapter.setOnRequestHook(
      inOrder(requestIdMiddleware, securityHeaders(), app.get(HttpMetrics).stamp, app.get(RequestLog).write),
    );
  // Closed CORS needs no middleware at all: without Access-Control headers a browser reads nothing cross-origin.
  if (config.corsOrigins.length) app.enableCors({ origin: [...config.corsOrigins] });
  useJsonBodies(app);
  app.enableShutdownHooks();
  // The docs after the API routes: on a request to the API, Express does not try Swagger's nine routes first.
  app.get(AfterRoutes).schedule(() => setupDocs(app));
  // Then the machine routes ahead of the admin ones (hot-routes-first.ts).
  app.get(AfterRoutes).schedule(() => hotRoutesFirst(app.getHttpAdapter().getInstance().router));
}

function setupDocs(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Hokusai Authentication Service')
      .setDescription('API keys for the Hokusai platform: lifecycle, validation, rate limits, usage and billing.')
      .setVersion(SERVICE_VERSION)
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN (or ADMIN_TOKEN_PREVIOUS)' }, 'admin')
      .addSecurityRequirements('admin')
      .build(),
  );
  markPublicOperations(document);
  app.get(KnownRoutes).load(document.paths as Record<string, Record<string, unknown>>);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'openapi.json',
    swaggerOptions: { persistAuthorization: true },
  });
}

// @nestjs/swagger has no decorator for an empty security requirement; @Public() leaves x-public instead.
function markPublicOperations(document: OpenAPIObject): void {
  for (const ops of Object.values(document.paths)) {
    for (const op of Object.values(ops) as { 'x-public'?: boolean; security?: unknown[] }[]) {
      if (op && typeof op === 'object' && op['x-public']) op.security = [];
    }
  }
}
