import './require-supported-node';
import 'reflect-metadata';

import { loadConfig, resolveDatabase } from '@tocsin/core';

import { runMigrations } from '../migrations/run-migrations';

/** `npm run migrate`: applies pending migrations to DATABASE_URL (or the embedded PostgreSQL). */
async function main(): Promise<void> {
  const config = loadConfig();
  const infra = await resolveDatabase(config, console.log);
  const applied = await runMigrations(infra.databaseUrl, false);
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database schema is up to date');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
