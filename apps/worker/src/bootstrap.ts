import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';

import { AppConfig, FrameworkQuietLogger } from '@tocsin/core';

import { WorkerModule } from './worker.module';

/** The worker has no HTTP server: an application context with BullMQ processors. */
export async function createWorkerApp(config: AppConfig): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
  app.useLogger(new FrameworkQuietLogger(app.get(Logger)));
  return app;
}
