import { DataSourceOptions, MixedList } from 'typeorm';

import { SnakeNamingStrategy } from './snake-naming.strategy';
import { TypeOrmStructuredLogger } from './typeorm-logger';

/**
 * The one description of how Tocsin talks to PostgreSQL, shared by the api, the worker, the
 * migration runner and the tests. `synchronize` is never on: the schema comes from migrations.
 */
export function buildDataSourceOptions(params: {
  url: string;
  poolSize?: number;
  entities: MixedList<Function>;
  migrations?: MixedList<Function>;
  applicationName?: string;
  logging?: boolean;
}): DataSourceOptions {
  return {
    type: 'postgres',
    uuidExtension: 'pgcrypto',
    url: params.url,
    entities: params.entities,
    migrations: params.migrations ?? [],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    ...(params.logging === false
      ? { logging: false }
      : { logging: ['error', 'warn', 'migration'], logger: new TypeOrmStructuredLogger() }),
    maxQueryExecutionTime: 1000,
    extra: { max: params.poolSize ?? 10, application_name: params.applicationName ?? 'tocsin' },
  };
}
