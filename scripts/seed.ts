import './require-supported-node';
import 'reflect-metadata';

import { loadConfig, resolveDatabase } from '@tocsin/core';

import { createDataSource } from '../migrations/data-source';
import { runMigrations } from '../migrations/run-migrations';
import { seedDemoData } from './demo-data';

/** `npm run seed`: migrations, then the demo data (idempotent). */
async function main(): Promise<void> {
  const config = loadConfig();
  const infra = await resolveDatabase(config, console.log);
  await runMigrations(infra.databaseUrl, false);
  const dataSource = createDataSource(infra.databaseUrl, 'tocsin-seed');
  await dataSource.initialize();
  const added = await seedDemoData(dataSource, config.demo.password);
  await dataSource.destroy();
  console.log(`Demo data: ${added.agencies} agencies and ${added.users} users added`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
