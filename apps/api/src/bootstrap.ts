import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import { Logger as NestLogger, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Redis from 'ioredis';
import { Logger } from 'nestjs-pino';

import {
  AppConfig,
  ErrorCode,
  FrameworkQuietLogger,
  REDIS_CLIENT,
  requestContext,
  requestId,
  TextInputInterceptor,
  TocsinMetrics,
} from '@tocsin/core';
import { RunbookLoader } from '@tocsin/runbooks';

import { ApiModule, ApiModuleOptions } from './api.module';
import { graphqlOperationName } from './graphql-operation-name';
import { HttpErrorFilter } from './http-error.filter';
import { mountQueueDashboard } from './queue-dashboard';
import { serveWebUi } from './web-ui';

function graphqlStyleError(message: string, code: ErrorCode, extra: Record<string, unknown> = {}) {
  return { errors: [{ message, extensions: { code, ...extra } }] };
}

/** Builds the api (not yet listening): Fastify with security headers, cookies, per-IP rate limits. */
export async function createApiApp(
  config: AppConfig,
  /** webRoot: the built web UI to serve at `/` (default dist/web, when built); false serves none. */
  options: ApiModuleOptions & { webRoot?: string | false },
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.http.bodyLimitBytes,
    trustProxy: config.http.trustProxy,
    logger: false,
    // One request id for Fastify and the logs: a sane incoming X-Request-Id, else a new one.
    genReqId: requestId,
  });
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(config, options), adapter, {
    bufferLogs: true,
    // Webhook signatures are computed over the exact bytes received (Zalo's X-ZEvent-Signature).
    rawBody: true,
  });
  app.useLogger(new FrameworkQuietLogger(app.get(Logger)));
  // Playbook files are validated and synced before anything is served: a bad file stops start-up
  // with one line naming the file and the field.
  await app
    .get(RunbookLoader)
    .loadAndSync()
    .catch(async (error: unknown) => {
      await app.close();
      throw error;
    });
  // Text first (control characters refused, strings trimmed), then the class-validator bounds.
  app.useGlobalInterceptors(new TextInputInterceptor());
  app.useGlobalPipes(new ValidationPipe({ transform: true, whitelist: true }));
  app.useGlobalFilters(new HttpErrorFilter());

  const fastify = app.getHttpAdapter().getInstance();
  await app.register(fastifyHelmet, {
    // The web UI (apps/web, same origin) loads only its own files: scripts, styles, the service worker.
    contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], frameAncestors: ["'none'"] } },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, {
    global: true,
    max: config.http.rateLimitPerMinute,
    timeWindow: 60_000,
    redis: app.get<Redis>(REDIS_CLIENT),
    nameSpace: `${config.redis.prefix}:rate-limit:`,
    allowList: (req: FastifyRequest) => /^\/(healthz|readyz)$/.test(req.url),
    // Thrown by the plugin; HttpErrorFilter sends it as it is.
    errorResponseBuilder: (_req: FastifyRequest, context: { after: string; ttl: number }) => ({
      statusCode: 429,
      ...graphqlStyleError(`Too many requests; retry in ${context.after}`, ErrorCode.RATE_LIMITED, {
        retryAfterSeconds: Math.ceil(context.ttl / 1000),
      }),
    }),
  });

  fastify.addHook('onRequest', (request: FastifyRequest, _reply: FastifyReply, done: () => void) => {
    requestContext.run({ requestId: request.id }, done);
  });
  const httpLog = new NestLogger('Http');
  const quiet = /^\/(healthz|readyz|metrics)$/;
  const duration = app.get(TocsinMetrics).httpRequestDuration;
  fastify.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    duration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
    if (!quiet.test(request.url)) {
      httpLog.log({
        msg: 'request completed',
        method: request.method,
        url: request.url.split('?')[0],
        // Every GraphQL call is `POST /graphql 200`: the operation says which one it was.
        operation: request.url.startsWith('/graphql')
          ? graphqlOperationName(request.method === 'GET' ? request.query : request.body)
          : undefined,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
        ip: request.ip,
      });
    }
  });
  fastify.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply) => {
    reply.header('x-request-id', request.id);
  });
  await mountQueueDashboard(app, config);
  if (options.webRoot !== false) serveWebUi(app, options.webRoot);
  return app;
}
