import 'reflect-metadata';

import { ConfigError, loadConfig, resolveInfrastructure, withInfrastructure } from '@tocsin/core';

import { createWorkerApp } from './bootstrap';

/**
 * Starts one worker. On SIGTERM, Nest's shutdown hooks close the BullMQ workers (which wait for
 * the job in hand), then the database and Redis connections. A hard deadline stops a stuck job
 * from holding the process forever.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const infra = await resolveInfrastructure(config, (line) => console.log(line));
  const app = await createWorkerApp(withInfrastructure(config, infra));
  await app.init();
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      setTimeout(() => {
        console.error(`Worker did not stop within ${config.shutdownTimeoutSeconds}s; exiting`);
        process.exit(1);
      }, config.shutdownTimeoutSeconds * 1000).unref();
    });
  }
  console.log('Tocsin worker started');
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof Error ? error.message : String(error));
  process.exit(1);
});
