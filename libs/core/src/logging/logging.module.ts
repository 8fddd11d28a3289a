import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';

import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { logDestination } from './log-output';
import { requestContext } from './request-context';

/** Anything that could carry a credential is removed before a line is written. */
export const LOG_REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.accessToken',
  '*.refreshToken',
  '*.token',
  '*.secret',
];

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The request's id: the one already given to it (Fastify's genReqId calls this first), else a sane
 * incoming X-Request-Id (from a proxy), else a new one. The api echoes it in the response.
 */
export function requestId(req: IncomingMessage): string {
  const request = req as IncomingMessage & { id?: string };
  if (request.id) return request.id;
  const incoming = req.headers['x-request-id'];
  request.id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  return request.id;
}

/** Structured logs (pino: JSON, readable on a terminal) with the request id on every line written while serving a request. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        // Synchronous writes: a line is on stdout before the next statement runs, so nothing is
        // lost when the process exits or crashes (worth more here than the last bit of speed).
        // JSON, or readable lines when stdout is a terminal (log-output.ts).
        pinoHttp: [
          {
            level: config.logLevel,
            genReqId: requestId,
            // Every line written while a request is served carries its id (see request-context.ts).
            mixin: () => {
              const store = requestContext.getStore();
              return store ? { requestId: store.requestId } : {};
            },
            redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' },
            // The api writes one line per request itself, from a Fastify hook that also sees /graphql
            // (Nest middleware, which pino-http runs as, never does: Apollo registers it on Fastify).
            autoLogging: false,
            serializers: {
              req: (req: { id: string; method: string; url: string }) => ({
                id: req.id,
                method: req.method,
                url: req.url,
              }),
            },
          },
          logDestination(),
        ],
      }),
    }),
  ],
})
export class LoggingModule {}
