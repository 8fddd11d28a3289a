import 'reflect-metadata';

import {
  ConfigError,
  exitGracefullyOnSignals,
  loadConfig,
  resolveInfrastructure,
  withInfrastructure,
} from '@tocsin/core';

import { createApiApp } from './bootstrap';
import { SCHEMA_FILE } from './graphql.options';

/** Starts one api process. Several can run side by side against the same PostgreSQL and Redis. */
async function main(): Promise<void> {
  const config = loadConfig();
  const infra = await resolveInfrastructure(config, (line) => console.log(line));
  const app = await createApiApp(withInfrastructure(config, infra), {
    schemaFile: config.isProduction ? undefined : SCHEMA_FILE,
  });
  await app.listen({ port: config.http.port, host: config.http.host });
  exitGracefullyOnSignals(app, config.shutdownTimeoutSeconds, (line) => console.log(line));
  console.log(`Tocsin api listening on http://${config.http.host}:${config.http.port} (GraphQL at /graphql)`);
  // Under `npm start` (scripts/start.ts), which prints the last start-up line once both processes run.
  process.send?.({ tocsin: 'ready', app: 'api' });
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof Error ? error.message : String(error));
  process.exit(1);
});
