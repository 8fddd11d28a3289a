import { createDataSource } from './data-source';

/** An advisory lock key, so api and worker processes starting together do not migrate twice. */
const MIGRATION_LOCK = 7_254_001;

/** Applies pending migrations; safe to call from several processes at once. Returns their names. */
export async function runMigrations(url: string, logging = true): Promise<string[]> {
  const dataSource = createDataSource(url, 'tocsin-migrations', logging);
  await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
    await dataSource.destroy();
  }
}
