import 'reflect-metadata';

import {
  ConfigError,
  exitGracefullyOnSignals,
  loadConfig,
  resolveInfrastructure,
  withInfrastructure,
} from '@tocsin/core';

import { createWorkerApp } from './bootstrap';

/**
 * Starts one worker. Several can run side by side: BullMQ hands each job to one of them.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const infra = await resolveInfrastructure(config, (line) => console.log(line));
  const app = await createWorkerApp(withInfrastructure(config, infra));
  await app.init();
  exitGracefullyOnSignals(app, config.shutdownTimeoutSeconds, (line) => console.log(line));
  console.log('Tocsin worker started');
  // Under `npm start` (scripts/start.ts), which prints the last start-up line once both processes run.
  process.send?.({ tocsin: 'ready', app: 'worker' });
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof Error ? error.message : String(error));
  process.exit(1);
});
